package dev.seedloop.generator;

import java.util.Random;
import java.util.concurrent.CompletableFuture;

/**
 * A generation method at work in one generator. Each call to {@link #generate} is one unit of work: one or more LLM
 * calls through the stage's gateway, ending in candidates and rejections. A failed LLM call fails the future.
 */
public interface Proposer {

    /** True when the pool holds what this method needs (demonstrations of the right kind). */
    boolean canGenerate(Pool pool);

    CompletableFuture<Generated> generate(Random random);

    /**
     * The candidates one unit usually yields at most: what the generator reserves for a unit in flight when a run
     * has a target (a larger answer raises the reservation; it is not a cap).
     */
    int candidatesPerUnit();
}
