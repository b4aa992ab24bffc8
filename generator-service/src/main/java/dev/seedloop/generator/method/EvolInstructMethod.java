package dev.seedloop.generator.method;

import dev.seedloop.generator.Demonstration;
import dev.seedloop.generator.GenerationMethod;
import dev.seedloop.generator.Generated;
import dev.seedloop.generator.Languages;
import dev.seedloop.generator.MethodContext;
import dev.seedloop.generator.Pool;
import dev.seedloop.generator.Proposals;
import dev.seedloop.generator.Proposer;
import dev.seedloop.llm.EqualityAnswer;
import dev.seedloop.llm.Language;
import dev.seedloop.llm.LlmReply;
import dev.seedloop.llm.LlmRequest;
import dev.seedloop.llm.PromptTemplate;
import dev.seedloop.schemas.InstructionId;
import dev.seedloop.schemas.avro.InstanceSource;
import dev.seedloop.schemas.avro.Provenance;
import dev.seedloop.schemas.avro.Rejection;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Evol-Instruct (WizardLM): a pool instruction, with its input, is rewritten by one operation chosen at random,
 * in depth (add constraints, deepen, concretise, increase reasoning steps, and complicate the input when it has
 * one) or in breadth (a new, rarer prompt of the same domain), at temperature 1 with 2048 tokens as WizardLM.
 * The paper's elimination rules for the instruction itself run here, each a rejection: words of the evolving
 * prompt leaked into the answer, and no information gain over the original (the same text, or the model judging
 * the two equal at temperature 0). The response rules run in the filter. Survivors go through the filter like any
 * candidate; the responder asks for a direct answer to it.
 */
public final class EvolInstructMethod implements GenerationMethod {

    static final String DEPTH_PROMPT = "evol-depth-v1";
    static final String BREADTH_PROMPT = "evol-breadth-v1";
    static final String EQUALITY_PROMPT = "evol-equality-v1";
    /** The text of each in-depth operation, put into the depth prompt. */
    static final String OPERATIONS = "evol-methods-v1";
    /** WizardLM's four in-depth methods, and the paper's input complication. */
    static final List<String> DEPTH_OPERATIONS = List.of("add-constraints", "deepen", "concretize",
            "increase-reasoning", "complicate-input");
    static final String BREADTH = "breadth";
    static final int MAX_TOKENS = 2048;
    /** The words the paper names as leaked from the evolving prompt, and their kin from the breadth prompt. */
    static final List<String> LEAKED_WORDS = List.of("given prompt", "rewritten prompt", "created prompt",
            "#rewritten prompt#", "#given prompt#", "#created prompt#", "주어진 프롬프트", "다시 쓴 프롬프트",
            "만든 프롬프트");

    @Override
    public String name() {
        return "evol-instruct";
    }

    @Override
    public String description() {
        return "Evol-Instruct (WizardLM): a pool instruction rewritten in depth or in breadth";
    }

    @Override
    public InstanceSource instanceSource() {
        return InstanceSource.DIRECT_ANSWER;
    }

    @Override
    public Proposer proposer(MethodContext context) {
        return new Evolver(context, Prompts.load());
    }

    /** The three prompts and the operations' texts in one language. */
    record Prompts(PromptTemplate depth, PromptTemplate breadth, PromptTemplate equality,
            Map<String, String> operations) {

        static Map<Language, Prompts> load() {
            Map<Language, Prompts> all = new EnumMap<>(Language.class);
            for (Language language : Language.values()) {
                all.put(language, new Prompts(
                        PromptTemplate.load(EvolInstructMethod.class, language, DEPTH_PROMPT),
                        PromptTemplate.load(EvolInstructMethod.class, language, BREADTH_PROMPT),
                        PromptTemplate.load(EvolInstructMethod.class, language, EQUALITY_PROMPT),
                        operations(language)));
            }
            return all;
        }

        /** The in-depth operations by name, in file order. */
        private static Map<String, String> operations(Language language) {
            String resource = "/prompts/" + language.code() + "/" + OPERATIONS + ".properties";
            try (InputStream in = EvolInstructMethod.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("prompt resource " + resource + " is missing from the build");
                }
                Properties properties = new Properties();
                properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
                Map<String, String> operations = new LinkedHashMap<>();
                for (String operation : DEPTH_OPERATIONS) {
                    String text = properties.getProperty(operation);
                    if (text == null) {
                        throw new IllegalStateException(resource + " has no method '" + operation + "'");
                    }
                    operations.put(operation, text.strip());
                }
                return Map.copyOf(operations);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    static String operation(Demonstration parent, Random random) {
        List<String> operations = new ArrayList<>(DEPTH_OPERATIONS);
        if (parent.input().isBlank()) {
            operations.remove("complicate-input");
        }
        operations.add(BREADTH);
        return operations.get(random.nextInt(operations.size()));
    }

    static LlmRequest evolve(Prompts prompts, String operation, Demonstration parent) {
        LlmRequest request = operation.equals(BREADTH)
                ? prompts.breadth().request(Map.of("instruction", parent.withInput()))
                : prompts.depth().request(Map.of("method", prompts.operations().get(operation),
                        "instruction", parent.withInput()));
        return request.withTemperature(1.0).withMaxTokens(MAX_TOKENS);
    }

    private final class Evolver implements Proposer {

        private final MethodContext context;
        private final Map<Language, Prompts> prompts;

        Evolver(MethodContext context, Map<Language, Prompts> prompts) {
            this.context = context;
            this.prompts = prompts;
        }

        @Override
        public boolean canGenerate(Pool pool) {
            return pool.human().size() + pool.machine().size() > 0;
        }

        @Override
        public CompletableFuture<Generated> generate(Random random) {
            Demonstration parent = context.pool().any(random);
            String operation = operation(parent, random);
            Language chosen = Languages.choose(context.language(), List.of(parent.instruction()));
            Prompts chosenPrompts = prompts.get(chosen);
            String requestId = UUID.randomUUID().toString();
            Provenance.Builder provenance = Provenance.newBuilder()
                    .setMethod(name())
                    .setPromptVersion(operation.equals(BREADTH) ? BREADTH_PROMPT : DEPTH_PROMPT)
                    .setRequestId(requestId)
                    .setDemoIds(List.of(parent.id()))
                    .setOperation(operation)
                    .setLanguage(chosen.code());
            return context.gateway().submit(evolve(chosenPrompts, operation, parent))
                    .thenCompose(reply -> judge(chosenPrompts, parent, reply,
                            provenance.setModel(reply.model()).build(), requestId));
        }

        private CompletableFuture<Generated> judge(Prompts chosen, Demonstration parent, LlmReply reply,
                Provenance provenance, String requestId) {
            String evolved = reply.content() == null ? "" : reply.content().strip();
            if (evolved.isEmpty()) {
                return done(Proposals.rejection(Proposals.UNPARSEABLE, "the evolution answer is empty", provenance,
                        evolved));
            }
            if (reply.truncated()) {
                return done(Proposals.rejection(Proposals.TRUNCATED,
                        "the evolved instruction was cut off by the token limit (finish_reason=length)",
                        provenance, evolved));
            }
            String lower = evolved.toLowerCase(Locale.ROOT);
            for (String word : LEAKED_WORDS) {
                if (lower.contains(word)) {
                    return done(Proposals.rejection(Proposals.LEAKED_PROMPT_WORDS,
                            "the evolved instruction contains '" + word + "' from the evolving prompt", provenance,
                            evolved));
                }
            }
            if (InstructionId.of(evolved).equals(InstructionId.of(parent.withInput()))) {
                return done(Proposals.rejection(Proposals.NO_INFORMATION_GAIN,
                        "the evolved instruction is the original one", provenance, evolved));
            }
            LlmRequest equality = chosen.equality()
                    .request(Map.of("first", parent.withInput(), "second", evolved))
                    .withTemperature(0.0).withMaxTokens(8);
            return context.gateway().submit(equality).thenApply(verdict -> {
                if (EqualityAnswer.equal(verdict.content())) {
                    return new Generated(List.of(), List.of(Proposals.rejection(Proposals.NO_INFORMATION_GAIN,
                            "judged equal to the original by " + verdict.model() + ": " + parent.instruction(),
                            provenance, evolved)));
                }
                return new Generated(List.of(Proposals.candidate(requestId + "-0", evolved, List.of(), provenance,
                        reply.finishReason())), List.of());
            });
        }

        private CompletableFuture<Generated> done(Rejection rejection) {
            return CompletableFuture.completedFuture(new Generated(List.of(), List.of(rejection)));
        }

        @Override
        public int candidatesPerUnit() {
            // one evolution, one instruction
            return 1;
        }
    }
}
