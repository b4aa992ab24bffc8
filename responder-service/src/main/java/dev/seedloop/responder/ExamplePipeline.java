package dev.seedloop.responder;

import dev.seedloop.llm.EqualityAnswer;
import dev.seedloop.llm.Language;
import dev.seedloop.llm.LlmGateway;
import dev.seedloop.llm.LlmReply;
import dev.seedloop.schemas.InstanceSources;
import dev.seedloop.schemas.avro.AcceptedInstruction;
import dev.seedloop.schemas.avro.Example;
import dev.seedloop.schemas.avro.Instance;
import dev.seedloop.schemas.avro.InstanceSource;
import dev.seedloop.schemas.avro.Provenance;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * What the responder asks the model for one accepted instruction, in the prompts of the instruction's
 * language, by the instance source its generation method declared (on its provenance):
 * <ul>
 *   <li>first, with {@code responder.confirm-duplicates-from}, an instruction in the grey zone (its cosine to the
 *       nearest pool instruction at least that, below the filter's threshold) is shown with that instruction and
 *       the model asked, at temperature 0, whether the two are the same task; if so nothing more is asked and it
 *       is rejected as a {@code semantic-duplicate};</li>
 *   <li>instructions that carry their instances (Alpaca's batch items, ingested examples): no call;</li>
 *   <li>{@code INSTANCES_ASKED} (Self-Instruct): "Is it classification?" (deterministic), then instances
 *       output-first for classification tasks (class labels, then an input for each) and input-first for the
 *       others (a {@code WITH_CANDIDATE} instruction that came without any is asked the same way);</li>
 *   <li>{@code DIRECT_ANSWER} (Evol-Instruct, persona tasks): a direct answer, as WizardLM asks for;</li>
 *   <li>then, when enabled, the quality judge rates every instance (0-5, AlpaGasus), and the example carries the
 *       lowest rating and its reason.</li>
 * </ul>
 * The answer is parsed, never judged, here: every instance goes on with the example, and a cut-off answer is
 * flagged, so that the filter drops what fails its rules and says why. A failed call fails the future.
 */
final class ExamplePipeline {

    private final LlmGateway gateway;
    private final ResponderConfig config;
    private final Counter ratingParseFailures;
    private final Counter sameTask;
    private final Counter differentTask;

    ExamplePipeline(LlmGateway gateway, ResponderConfig config, MeterRegistry registry) {
        this.gateway = gateway;
        this.config = config;
        this.ratingParseFailures = Counter.builder("seedloop.responder.parse.failures").tag("answer", "rating")
                .description("Judge answers with no readable rating (the example is kept unrated)")
                .register(registry);
        this.sameTask = Counter.builder("seedloop.responder.duplicate.checks").tag("verdict", "same-task")
                .description("Grey-zone instructions the model was asked about, by its verdict").register(registry);
        this.differentTask = Counter.builder("seedloop.responder.duplicate.checks").tag("verdict", "different-task")
                .description("Grey-zone instructions the model was asked about, by its verdict").register(registry);
    }

    CompletableFuture<Outcome> run(AcceptedInstruction instruction) {
        ResponderPrompts prompts = ResponderPrompts.of(Language.of(List.of(instruction.getInstruction())));
        Double cosine = instruction.getMaxCosine();
        String nearest = instruction.getMostSimilarByCosineInstruction();
        if (config.confirmDuplicatesFrom() > 0 && cosine != null && nearest != null
                && cosine >= config.confirmDuplicatesFrom()) {
            return gateway.submit(prompts.sameTask(nearest, instruction.getInstruction())).thenCompose(verdict -> {
                if (EqualityAnswer.equal(verdict.content())) {
                    sameTask.increment();
                    return CompletableFuture.completedFuture(new Outcome.Duplicate(ResponderPrompts.SAME_TASK,
                            instruction.getMostSimilarByCosineId(), nearest, cosine, config.confirmDuplicatesFrom()));
                }
                differentTask.increment();
                return respond(instruction, prompts);
            });
        }
        return respond(instruction, prompts);
    }

    private CompletableFuture<Outcome> respond(AcceptedInstruction instruction, ResponderPrompts prompts) {
        String text = instruction.getInstruction();
        InstanceSource source = InstanceSources.of(instruction.getProvenance());
        CompletableFuture<Draft> draft;
        if (!instruction.getInstances().isEmpty()) {
            // Carried with the candidate (an ingested example, an Alpaca batch item): nothing to ask
            draft = CompletableFuture.completedFuture(new Draft(instruction.getInstances(), null, false, null,
                    "", "provided"));
        } else if (source == InstanceSource.DIRECT_ANSWER) {
            draft = gateway.submit(prompts.respond(text)).thenApply(reply -> new Draft(
                    List.of(new Instance("", reply.content() == null ? "" : reply.content().strip())), null,
                    reply.truncated(), reply.model(), reply.content(), ResponderPrompts.RESPOND));
        } else if (config.classify()) {
            draft = gateway.submit(prompts.isClassification(text)).thenCompose(answer -> {
                boolean classification = ModelAnswers.isYes(answer.content());
                return gateway.submit(classification ? prompts.outputFirst(text)
                        : prompts.inputFirst(text, config.maxInstances()))
                        .thenApply(reply -> instances(reply, classification));
            });
        } else {
            draft = gateway.submit(prompts.inputFirst(text, config.maxInstances()))
                    .thenApply(reply -> instances(reply, false));
        }
        return draft.thenCompose(result -> finish(instruction, prompts, result));
    }

    private static Draft instances(LlmReply reply, boolean classification) {
        List<Instance> parsed = classification ? ClassLabelParser.parse(reply.content())
                : InstanceParser.parse(reply.content());
        return new Draft(parsed, classification, reply.truncated(), reply.model(), reply.content(),
                classification ? ResponderPrompts.OUTPUT_FIRST : ResponderPrompts.INPUT_FIRST);
    }

    private CompletableFuture<Outcome> finish(AcceptedInstruction instruction, ResponderPrompts prompts, Draft draft) {
        if (draft.instances().isEmpty()) {
            return CompletableFuture.completedFuture(new Outcome.Unusable(draft.promptVersion(),
                    "no instance in the answer" + (draft.truncated() ? " (cut off by the token limit)" : ""),
                    draft.raw()));
        }
        Provenance provenance = Provenance.newBuilder(instruction.getProvenance())
                .setResponseModel(draft.model() == null ? instruction.getProvenance().getResponseModel()
                        : draft.model())
                .build();
        Example.Builder example = Example.newBuilder()
                .setInstructionId(instruction.getInstructionId())
                .setCandidateId(instruction.getCandidateId())
                .setInstruction(instruction.getInstruction())
                .setConversation(instruction.getConversation())
                .setInstances(draft.instances())
                .setIsClassification(draft.classification())
                .setTruncated(draft.truncated())
                .setProvenance(provenance)
                .setEmbedding(instruction.getEmbedding())
                .setRespondedAt(Instant.now());
        if (!config.qualityJudge()) {
            return CompletableFuture.completedFuture(new Outcome.Answered(example.build()));
        }
        List<CompletableFuture<Optional<ModelAnswers.Rating>>> ratings = new ArrayList<>();
        for (Instance instance : draft.instances()) {
            ratings.add(gateway.submit(prompts.judge(instruction.getInstruction(), instance.getInput(),
                    instance.getOutput())).thenApply(reply -> {
                        Optional<ModelAnswers.Rating> rating = ModelAnswers.rating(reply.content());
                        if (rating.isEmpty()) {
                            ratingParseFailures.increment();
                        }
                        return rating;
                    }));
        }
        return CompletableFuture.allOf(ratings.toArray(CompletableFuture[]::new)).thenApply(done -> {
            ModelAnswers.Rating lowest = null;
            for (CompletableFuture<Optional<ModelAnswers.Rating>> rating : ratings) {
                Optional<ModelAnswers.Rating> value = rating.join();
                if (value.isPresent() && (lowest == null || value.get().score() < lowest.score())) {
                    lowest = value.get();
                }
            }
            if (lowest != null) {
                example.setQualityScore(lowest.score()).setQualityReason(abbreviate(lowest.reason()));
            } else {
                example.setQualityReason("the judge's answers had no readable rating");
            }
            return new Outcome.Answered(example.build());
        });
    }

    private static String abbreviate(String text) {
        return text.length() <= 2000 ? text : text.substring(0, 2000) + "...";
    }

    /** The instances read from an answer, before the judge. */
    private record Draft(List<Instance> instances, Boolean classification, boolean truncated, String model,
            String raw, String promptVersion) {
    }

    /** An example, an answer with nothing usable in it, or a grey-zone instruction the model judged a duplicate. */
    sealed interface Outcome {

        record Answered(Example example) implements Outcome {
        }

        record Unusable(String promptVersion, String detail, String raw) implements Outcome {
        }

        /** The model judged the instruction the same task as its nearest pool instruction. */
        record Duplicate(String promptVersion, String duplicateOf, String duplicateInstruction, double cosine,
                double from) implements Outcome {
        }
    }
}
