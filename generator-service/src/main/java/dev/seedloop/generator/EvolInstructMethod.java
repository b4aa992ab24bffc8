package dev.seedloop.generator;

import dev.seedloop.llm.Language;
import dev.seedloop.llm.LlmGateway;
import dev.seedloop.llm.LlmReply;
import dev.seedloop.llm.LlmRequest;
import dev.seedloop.schemas.InstructionId;
import dev.seedloop.schemas.avro.Provenance;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;
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
 * candidate.
 */
final class EvolInstructMethod implements GenerationMethod {

    /** WizardLM's four in-depth methods, and the paper's input complication. */
    static final List<String> DEPTH_OPERATIONS = List.of("add-constraints", "deepen", "concretize",
            "increase-reasoning", "complicate-input");
    static final String BREADTH = "breadth";
    static final int MAX_TOKENS = 2048;
    /** The words the paper names as leaked from the evolving prompt, and their kin from the breadth prompt. */
    static final List<String> LEAKED_WORDS = List.of("given prompt", "rewritten prompt", "created prompt",
            "#rewritten prompt#", "#given prompt#", "#created prompt#", "주어진 프롬프트", "다시 쓴 프롬프트",
            "만든 프롬프트");

    private final PoolView pool;
    private final LanguageChoice language;
    private final LlmGateway gateway;

    EvolInstructMethod(PoolView pool, LanguageChoice language, LlmGateway gateway) {
        this.pool = pool;
        this.language = language;
        this.gateway = gateway;
    }

    @Override
    public Method method() {
        return Method.EVOL_INSTRUCT;
    }

    @Override
    public boolean canGenerate(PoolView view) {
        return view.human().size() + view.machine().size() > 0;
    }

    @Override
    public CompletableFuture<Generated> generate(Random random) {
        Demo parent = pool.any(random);
        String operation = operation(parent, random);
        Language chosen = Languages.choose(language, List.of(parent.instruction()));
        GeneratorPrompts prompts = GeneratorPrompts.of(chosen);
        String requestId = UUID.randomUUID().toString();
        Provenance.Builder provenance = Provenance.newBuilder()
                .setMethod(method().label())
                .setPromptVersion(operation.equals(BREADTH) ? GeneratorPrompts.EVOL_BREADTH
                        : GeneratorPrompts.EVOL_DEPTH)
                .setRequestId(requestId)
                .setDemoIds(List.of(parent.id()))
                .setOperation(operation)
                .setLanguage(chosen.code());
        return gateway.submit(evolve(prompts, operation, parent))
                .thenCompose(reply -> judge(prompts, parent, reply, provenance.setModel(reply.model()).build(),
                        requestId));
    }

    static String operation(Demo parent, Random random) {
        List<String> operations = new ArrayList<>(DEPTH_OPERATIONS);
        if (parent.input().isBlank()) {
            operations.remove("complicate-input");
        }
        operations.add(BREADTH);
        return operations.get(random.nextInt(operations.size()));
    }

    static LlmRequest evolve(GeneratorPrompts prompts, String operation, Demo parent) {
        String user = operation.equals(BREADTH)
                ? prompts.evolBreadth().render(Map.of("instruction", parent.withInput()))
                : prompts.evolDepth().render(Map.of("method", prompts.evolMethods().get(operation),
                        "instruction", parent.withInput()));
        String system = operation.equals(BREADTH) ? prompts.evolBreadth().system() : prompts.evolDepth().system();
        return new LlmRequest(system, user, List.of(), OptionalDouble.of(1.0), OptionalInt.of(MAX_TOKENS));
    }

    private CompletableFuture<Generated> judge(GeneratorPrompts prompts, Demo parent, LlmReply reply,
            Provenance provenance, String requestId) {
        String evolved = reply.content() == null ? "" : reply.content().strip();
        if (evolved.isEmpty()) {
            return done(Proposals.rejection(Proposals.UNPARSEABLE, "the evolution answer is empty", provenance,
                    evolved));
        }
        if (reply.truncated()) {
            return done(Proposals.rejection(Proposals.TRUNCATED,
                    "the evolved instruction was cut off by the token limit (finish_reason=length)", provenance,
                    evolved));
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
        LlmRequest equality = new LlmRequest(prompts.evolEquality().system(), prompts.evolEquality().render(
                Map.of("first", parent.withInput(), "second", evolved)), List.of(), OptionalDouble.of(0.0),
                OptionalInt.of(8));
        return gateway.submit(equality).thenApply(verdict -> {
            if (judgedEqual(verdict.content())) {
                return new Generated(List.of(), List.of(Proposals.rejection(Proposals.NO_INFORMATION_GAIN,
                        "judged equal to the original by " + verdict.model() + ": " + parent.instruction(),
                        provenance, evolved)));
            }
            return new Generated(List.of(Proposals.candidate(requestId + "-0", evolved, List.of(), provenance,
                    reply.finishReason())), List.of());
        });
    }

    /** "Equal" (and not "Not Equal"); anything else keeps the instruction. */
    static boolean judgedEqual(String answer) {
        String text = answer == null ? "" : answer.strip().toLowerCase(Locale.ROOT);
        return text.startsWith("equal") || (text.contains("equal") && !text.contains("not equal")
                && !text.contains("unequal"));
    }

    private static CompletableFuture<Generated> done(dev.seedloop.schemas.avro.Rejection rejection) {
        return CompletableFuture.completedFuture(new Generated(List.of(), List.of(rejection)));
    }

    @Override
    public int candidatesPerUnit() {
        // one evolution, one instruction
        return 1;
    }
}
