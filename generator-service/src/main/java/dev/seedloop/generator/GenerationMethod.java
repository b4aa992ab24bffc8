package dev.seedloop.generator;

import dev.seedloop.schemas.avro.InstanceSource;

/**
 * A way of proposing new instructions, as a plugin: one class, listed in
 * {@code META-INF/services/dev.seedloop.generator.GenerationMethod}, with its prompt files beside it under
 * {@code /prompts/<language>/}. {@code generator.method} names it; {@link GenerationMethods} finds it.
 * <p>
 * A method declares how its instructions get their instances ({@link #instanceSource()}): the generator stamps
 * that on every candidate's provenance, so the responder and the response rules know what to do with the
 * instruction without a list of method names.
 */
public interface GenerationMethod {

    /** The name in configuration and provenance: lower-case words joined by '-'. */
    String name();

    /** One sentence for help texts: what it does, after which paper or dataset. */
    String description();

    /** How the instructions it proposes get their instances. */
    InstanceSource instanceSource();

    /**
     * In-context demonstrations per prompt when {@code generator.demonstrations} is 0 (Self-Instruct: 8, Alpaca:
     * 3); 0 for a method that shows none.
     */
    default int demonstrations() {
        return 0;
    }

    /** The proposer of one generator: what it keeps (prompts, sampler) lives as long as the generator. */
    Proposer proposer(MethodContext context);
}
