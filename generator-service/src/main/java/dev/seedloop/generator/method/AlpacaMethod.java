package dev.seedloop.generator.method;

import dev.seedloop.generator.Demonstration;
import dev.seedloop.generator.GenerationMethod;
import dev.seedloop.generator.Generated;
import dev.seedloop.generator.Languages;
import dev.seedloop.generator.MethodContext;
import dev.seedloop.generator.Pool;
import dev.seedloop.generator.Proposals;
import dev.seedloop.generator.Proposer;
import dev.seedloop.llm.Language;
import dev.seedloop.llm.LlmReply;
import dev.seedloop.llm.LlmRequest;
import dev.seedloop.llm.PromptTemplate;
import dev.seedloop.schemas.avro.CandidateInstruction;
import dev.seedloop.schemas.avro.Instance;
import dev.seedloop.schemas.avro.InstanceSource;
import dev.seedloop.schemas.avro.Provenance;
import dev.seedloop.schemas.avro.Rejection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Stanford Alpaca's batch generation (Taori et al., 2023): three human-written seed tasks with their first instance,
 * in the "###" format, and the model writes up to 20 tasks with input and output in one answer (temperature 1, 3072
 * tokens, stop at item 20, as Alpaca). The candidates carry their instance, so the responder does not ask again;
 * an Alpaca instruction that lost its instance gets a direct answer.
 */
public final class AlpacaMethod implements GenerationMethod {

    static final String PROMPT = "alpaca-v1";
    /** Alpaca stops before item 20. */
    static final List<String> STOP = List.of("\n20", "20.", "20 .");
    static final int MAX_TOKENS = 3072;

    @Override
    public String name() {
        return "alpaca";
    }

    @Override
    public String description() {
        return "Stanford Alpaca: 3 seed tasks with their answers shown, 20 tasks with input and output per call";
    }

    @Override
    public InstanceSource instanceSource() {
        return InstanceSource.DIRECT_ANSWER;
    }

    @Override
    public int demonstrations() {
        return 3;
    }

    @Override
    public Proposer proposer(MethodContext context) {
        return new BatchProposer(context, PromptTemplate.loadAll(AlpacaMethod.class, PROMPT));
    }

    static LlmRequest render(PromptTemplate template, List<Demonstration> shown) {
        StringBuilder user = new StringBuilder(template.user()).append('\n');
        int number = 1;
        for (Demonstration demo : shown) {
            String instruction = SelfInstructPrompt.oneLine(demo.instruction());
            String input = demo.input().isBlank() ? "<noinput>" : demo.input().replace("###", "# # #");
            user.append("###\n")
                    .append(number).append(". Instruction: ").append(instruction).append('\n')
                    .append(number).append(". Input:\n").append(input).append('\n')
                    .append(number).append(". Output:\n").append(demo.output().replace("###", "# # #")).append('\n');
            number++;
        }
        user.append("###\n").append(number).append(". Instruction:");
        return template.request(user.toString()).withStop(STOP).withTemperature(1.0).withMaxTokens(MAX_TOKENS);
    }

    private final class BatchProposer implements Proposer {

        private final MethodContext context;
        private final Map<Language, PromptTemplate> prompts;

        BatchProposer(MethodContext context, Map<Language, PromptTemplate> prompts) {
            this.context = context;
            this.prompts = prompts;
        }

        @Override
        public boolean canGenerate(Pool pool) {
            return pool.human().size() > 0;
        }

        @Override
        public CompletableFuture<Generated> generate(Random random) {
            List<Demonstration> shown = context.pool().human().sample(context.demonstrations(), random);
            Language chosen = Languages.choose(context.language(),
                    shown.stream().map(Demonstration::instruction).toList());
            PromptTemplate template = prompts.get(chosen);
            String requestId = UUID.randomUUID().toString();
            int next = shown.size() + 1;
            return context.gateway().submit(render(template, shown))
                    .thenApply(reply -> read(reply, requestId, shown, next, template.id(), chosen));
        }

        private Generated read(LlmReply reply, String requestId, List<Demonstration> shown, int next,
                String promptVersion, Language chosen) {
            Provenance provenance = Provenance.newBuilder()
                    .setMethod(name())
                    .setModel(reply.model())
                    .setPromptVersion(promptVersion)
                    .setRequestId(requestId)
                    .setDemoIds(shown.stream().map(Demonstration::id).toList())
                    .setLanguage(chosen.code())
                    .build();
            AlpacaBatchParser.Parsed parsed = AlpacaBatchParser.parse(reply.content(), reply.truncated(), next);
            List<CandidateInstruction> candidates = new ArrayList<>();
            for (int i = 0; i < parsed.tasks().size(); i++) {
                AlpacaBatchParser.Task task = parsed.tasks().get(i);
                candidates.add(Proposals.candidate(requestId + "-" + i, task.instruction(),
                        List.of(new Instance(task.input(), task.output())), provenance, reply.finishReason()));
            }
            List<Rejection> rejections = new ArrayList<>();
            for (String block : parsed.malformed()) {
                rejections.add(Proposals.rejection(Proposals.UNPARSEABLE,
                        "not an 'N. Instruction / N. Input / N. Output' item", provenance, block));
            }
            if (parsed.truncated() != null) {
                rejections.add(Proposals.rejection(Proposals.TRUNCATED,
                        "last item cut off by the token limit (finish_reason=length)", provenance,
                        parsed.truncated()));
            }
            if (candidates.isEmpty() && rejections.isEmpty()) {
                rejections.add(Proposals.rejection(Proposals.UNPARSEABLE, "no tasks found in the answer",
                        provenance, reply.content()));
            }
            return new Generated(candidates, rejections);
        }

        @Override
        public int candidatesPerUnit() {
            // Alpaca stops before item 20
            return 19;
        }
    }
}
