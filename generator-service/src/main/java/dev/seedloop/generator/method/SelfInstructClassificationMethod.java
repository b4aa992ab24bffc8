package dev.seedloop.generator.method;

import dev.seedloop.generator.GenerationMethod;
import dev.seedloop.generator.MethodContext;
import dev.seedloop.generator.Pool;
import dev.seedloop.generator.Proposer;
import dev.seedloop.llm.PromptTemplate;
import dev.seedloop.schemas.avro.InstanceSource;

/**
 * Self-Instruct's classification variant: only classification tasks are shown, under "Come up with a series of
 * classification tasks", so the pool keeps a share of them (Self-Instruct generates the two kinds apart).
 */
public final class SelfInstructClassificationMethod implements GenerationMethod {

    static final String PROMPT = "self-instruct-classification-v1";

    @Override
    public String name() {
        return "self-instruct-classification";
    }

    @Override
    public String description() {
        return "Self-Instruct's classification variant: classification tasks shown, more of them asked for";
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
        return new SelfInstructMethod.TaskListProposer(context, name(),
                PromptTemplate.loadAll(SelfInstructClassificationMethod.class, PROMPT), Pool::humanClassification,
                Pool::machineClassification, "classification");
    }
}
