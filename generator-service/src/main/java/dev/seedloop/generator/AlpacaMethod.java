package dev.seedloop.generator;

import dev.seedloop.llm.Language;
import dev.seedloop.llm.LlmGateway;
import dev.seedloop.llm.LlmReply;
import dev.seedloop.llm.LlmRequest;
import dev.seedloop.schemas.avro.CandidateInstruction;
import dev.seedloop.schemas.avro.Instance;
import dev.seedloop.schemas.avro.Provenance;
import dev.seedloop.schemas.avro.Rejection;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Stanford Alpaca's batch generation: three human-written seed tasks with their first instance, in the "###"
 * format, and the model writes up to 20 tasks with input and output in one answer (temperature 1, 3072 tokens,
 * stop at item 20, as Alpaca). The candidates carry their instance, so the output stage does not ask again.
 */
final class AlpacaMethod implements GenerationMethod {

    /** Alpaca stops before item 20. */
    static final List<String> STOP = List.of("\n20", "20.", "20 .");
    static final int MAX_TOKENS = 3072;

    private final PoolView pool;
    private final int demos;
    private final LanguageChoice language;
    private final LlmGateway gateway;

    AlpacaMethod(PoolView pool, int demos, LanguageChoice language, LlmGateway gateway) {
        this.pool = pool;
        this.demos = demos;
        this.language = language;
        this.gateway = gateway;
    }

    @Override
    public Method method() {
        return Method.ALPACA;
    }

    @Override
    public boolean canGenerate(PoolView view) {
        return view.human().size() > 0;
    }

    @Override
    public CompletableFuture<Generated> generate(Random random) {
        List<Demo> shown = pool.human().sample(demos, random);
        Language chosen = Languages.choose(language, shown.stream().map(Demo::instruction).toList());
        String requestId = UUID.randomUUID().toString();
        int next = shown.size() + 1;
        return gateway.submit(render(GeneratorPrompts.of(chosen), shown))
                .thenApply(reply -> read(reply, requestId, shown, next, chosen));
    }

    static LlmRequest render(GeneratorPrompts prompts, List<Demo> shown) {
        StringBuilder user = new StringBuilder(prompts.alpaca().user()).append('\n');
        int number = 1;
        for (Demo demo : shown) {
            String instruction = SelfInstructPrompt.oneLine(demo.instruction());
            String input = demo.input().isBlank() ? "<noinput>" : demo.input().replace("###", "# # #");
            user.append("###\n")
                    .append(number).append(". Instruction: ").append(instruction).append('\n')
                    .append(number).append(". Input:\n").append(input).append('\n')
                    .append(number).append(". Output:\n").append(demo.output().replace("###", "# # #")).append('\n');
            number++;
        }
        user.append("###\n").append(number).append(". Instruction:");
        return new LlmRequest(prompts.alpaca().system(), user.toString(), STOP, OptionalDouble.of(1.0),
                OptionalInt.of(MAX_TOKENS));
    }

    private Generated read(LlmReply reply, String requestId, List<Demo> shown, int next, Language chosen) {
        Provenance provenance = Provenance.newBuilder()
                .setMethod(method().label())
                .setModel(reply.model())
                .setPromptVersion(GeneratorPrompts.ALPACA)
                .setRequestId(requestId)
                .setDemoIds(shown.stream().map(Demo::id).toList())
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
                    "last item cut off by the token limit (finish_reason=length)", provenance, parsed.truncated()));
        }
        if (candidates.isEmpty() && rejections.isEmpty()) {
            rejections.add(Proposals.rejection(Proposals.UNPARSEABLE, "no tasks found in the answer", provenance,
                    reply.content()));
        }
        return new Generated(candidates, rejections);
    }

    @Override
    public int candidatesPerUnit() {
        // Alpaca stops before item 20
        return 19;
    }
}
