package dev.seedloop.generator.method;

import dev.seedloop.generator.Demonstration;
import dev.seedloop.generator.DemonstrationPool;
import dev.seedloop.generator.GenerationMethod;
import dev.seedloop.generator.Generated;
import dev.seedloop.generator.Languages;
import dev.seedloop.generator.MethodContext;
import dev.seedloop.generator.Pool;
import dev.seedloop.generator.Proposer;
import dev.seedloop.llm.Language;
import dev.seedloop.llm.PromptTemplate;
import dev.seedloop.schemas.avro.InstanceSource;
import dev.seedloop.schemas.avro.Provenance;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Self-Instruct's generation step (Wang et al., 2023): sample demonstrations (by default 6 human-written and 2
 * machine-generated), number them under "Come up with a series of tasks:", and read the model's continuation of
 * the list. A cut-off last item and an answer with no task become rejections. The responder then asks for the
 * instances of each accepted task.
 */
public final class SelfInstructMethod implements GenerationMethod {

    static final String PROMPT = "self-instruct-v1";

    @Override
    public String name() {
        return "self-instruct";
    }

    @Override
    public String description() {
        return "Self-Instruct: 8 pool tasks (6 human, 2 machine) shown, the model continues the list";
    }

    @Override
    public InstanceSource instanceSource() {
        return InstanceSource.INSTANCES_ASKED;
    }

    @Override
    public int demonstrations() {
        return 8;
    }

    @Override
    public Proposer proposer(MethodContext context) {
        return new TaskListProposer(context, name(), PromptTemplate.loadAll(SelfInstructMethod.class, PROMPT),
                Pool::human, Pool::machine, null);
    }

    /** Samples demonstrations from two parts of the pool and asks for the list to go on. */
    static final class TaskListProposer implements Proposer {

        private final MethodContext context;
        private final String method;
        private final Map<Language, PromptTemplate> prompts;
        private final Function<Pool, DemonstrationPool> human;
        private final Function<Pool, DemonstrationPool> machine;
        private final String operation;
        private final DemonstrationSampler sampler;

        TaskListProposer(MethodContext context, String method, Map<Language, PromptTemplate> prompts,
                Function<Pool, DemonstrationPool> human, Function<Pool, DemonstrationPool> machine,
                String operation) {
            this.context = context;
            this.method = method;
            this.prompts = prompts;
            this.human = human;
            this.machine = machine;
            this.operation = operation;
            this.sampler = new DemonstrationSampler(context.demonstrations(), context.machineDemonstrations());
        }

        @Override
        public boolean canGenerate(Pool pool) {
            return human.apply(pool).size() + machine.apply(pool).size() > 0;
        }

        @Override
        public CompletableFuture<Generated> generate(Random random) {
            Pool pool = context.pool();
            List<Demonstration> shown = sampler.sample(human.apply(pool), machine.apply(pool), random);
            Language chosen = Languages.choose(context.language(),
                    shown.stream().map(Demonstration::instruction).toList());
            PromptTemplate template = prompts.get(chosen);
            String requestId = UUID.randomUUID().toString();
            return context.gateway().submit(SelfInstructPrompt.render(template, shown))
                    .thenApply(reply -> TaskLists.read(reply, requestId, Provenance.newBuilder()
                            .setMethod(method)
                            .setModel(reply.model())
                            .setPromptVersion(template.id())
                            .setRequestId(requestId)
                            .setDemoIds(shown.stream().map(Demonstration::id).toList())
                            .setOperation(operation)
                            .setLanguage(chosen.code())
                            .build()));
        }

        @Override
        public int candidatesPerUnit() {
            // Self-Instruct lists tasks up to number 15 after its 8 demonstrations
            return 12;
        }
    }
}
