package dev.seedloop.launcher.demo;

import java.util.Map;

/**
 * What the topics say about the loop: totals, and what this run added (records past the end offsets seen when
 * the run started).
 *
 * @param poolSize        distinct instructions in the pool now
 * @param seedCount       pool instructions from the seed tasks
 * @param ingestedCount   pool instructions ingested from datasets and benchmarks
 * @param machineCount    machine-written pool instructions
 * @param examplesJoined  machine-written instructions that joined the pool during this run
 * @param rejected        rejections of this run by reason code
 */
public record LoopStats(
        long poolSize,
        long seedCount,
        long ingestedCount,
        long machineCount,
        long candidates,
        long instructionsAccepted,
        long responses,
        long examplesAccepted,
        long examplesJoined,
        Map<String, Long> rejected,
        Map<String, Long> rejectedByStage,
        long deadLetters,
        long unreadable) {

    public LoopStats {
        rejected = Map.copyOf(rejected);
        rejectedByStage = Map.copyOf(rejectedByStage);
    }

    /** Rejections of this run at {@code stage} (GENERATION, INSTRUCTION, RESPONDER, RESPONSE). */
    public long rejectedAt(String stage) {
        return rejectedByStage.getOrDefault(stage, 0L);
    }
}
