package dev.seedloop.generator;

import dev.seedloop.llm.Language;
import dev.seedloop.llm.LlmGateway;
import dev.seedloop.llm.LlmReply;
import dev.seedloop.llm.PromptTemplate;
import dev.seedloop.schemas.avro.CandidateInstruction;
import dev.seedloop.schemas.avro.Provenance;
import dev.seedloop.schemas.avro.Rejection;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Self-Instruct's generation step: sample demonstrations (by default 6 human-written and 2 machine-generated),
 * number them under "Come up with a series of tasks:", and read the model's continuation of the list. The
 * classification variant shows only classification tasks, under its own header. A cut-off last item and an
 * answer with no task become rejections.
 */
final class SelfInstructMethod implements GenerationMethod {

    private final boolean classification;
    private final PoolView pool;
    private final DemoSampler sampler;
    private final LanguageChoice language;
    private final LlmGateway gateway;

    SelfInstructMethod(boolean classification, PoolView pool, DemoSampler sampler, LanguageChoice language,
            LlmGateway gateway) {
        this.classification = classification;
        this.pool = pool;
        this.sampler = sampler;
        this.language = language;
        this.gateway = gateway;
    }

    @Override
    public Method method() {
        return classification ? Method.SELF_INSTRUCT_CLASSIFICATION : Method.SELF_INSTRUCT;
    }

    @Override
    public boolean canGenerate(PoolView view) {
        return classification ? view.humanClassification().size() + view.machineClassification().size() > 0
                : view.human().size() + view.machine().size() > 0;
    }

    @Override
    public CompletableFuture<Generated> generate(Random random) {
        List<Demo> demos = classification
                ? sampler.sample(pool.humanClassification(), pool.machineClassification(), random)
                : sampler.sample(pool.human(), pool.machine(), random);
        Language chosen = Languages.choose(language, demos.stream().map(Demo::instruction).toList());
        GeneratorPrompts prompts = GeneratorPrompts.of(chosen);
        PromptTemplate template = classification ? prompts.selfInstructClassification() : prompts.selfInstruct();
        String version = classification ? GeneratorPrompts.SELF_INSTRUCT_CLASSIFICATION
                : GeneratorPrompts.SELF_INSTRUCT;
        String requestId = UUID.randomUUID().toString();
        return gateway.submit(SelfInstructPrompt.render(template, demos))
                .thenApply(reply -> read(reply, requestId, demos, version, chosen));
    }

    private Generated read(LlmReply reply, String requestId, List<Demo> demos, String version, Language chosen) {
        Provenance provenance = Provenance.newBuilder()
                .setMethod(method().label())
                .setModel(reply.model())
                .setPromptVersion(version)
                .setRequestId(requestId)
                .setDemoIds(demos.stream().map(Demo::id).toList())
                .setOperation(classification ? "classification" : null)
                .setLanguage(chosen.code())
                .build();
        TaskListParser.ParsedTasks parsed = TaskListParser.parse(reply.content(), reply.truncated());
        List<CandidateInstruction> candidates = new ArrayList<>();
        for (int i = 0; i < parsed.tasks().size(); i++) {
            candidates.add(Proposals.candidate(requestId + "-" + i, parsed.tasks().get(i), List.of(), provenance,
                    reply.finishReason()));
        }
        List<Rejection> rejections = new ArrayList<>();
        parsed.truncatedItem().ifPresent(item -> rejections.add(Proposals.rejection(Proposals.TRUNCATED,
                "last item cut off by the token limit (finish_reason=length)", provenance, item)));
        if (parsed.empty()) {
            rejections.add(Proposals.rejection(Proposals.UNPARSEABLE, "no tasks found in the answer", provenance,
                    reply.content()));
        }
        return new Generated(candidates, rejections);
    }

    @Override
    public int candidatesPerUnit() {
        // Self-Instruct lists tasks up to number 20 after its 8 demonstrations
        return 12;
    }
}
