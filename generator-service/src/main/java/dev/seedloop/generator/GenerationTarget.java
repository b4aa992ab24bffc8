package dev.seedloop.generator;

/**
 * How many more candidates the loop wants now, when a run has a target (the demo's {@code --examples N}): the
 * target less the examples that joined and the records still on their way, each of which may yet become one. The
 * generator writes no more candidates than that, so a run stops at its target instead of past it, and starts no
 * more generation units than the room left (with what it holds) can take.
 */
@FunctionalInterface
public interface GenerationTarget {

    /** No target: the generator runs until it is stopped. */
    GenerationTarget NONE = () -> Long.MAX_VALUE;

    /** Candidates the loop can take now; {@link Long#MAX_VALUE} for no limit. */
    long room();
}
