package dev.seedloop.filter.shard;

import dev.seedloop.filter.FilterRules;
import dev.seedloop.filter.PoolJudge;
import dev.seedloop.filter.dedup.NearDuplicateIndex;
import dev.seedloop.filter.dedup.PoolVectors;
import java.util.Arrays;
import java.util.Optional;

/**
 * One part of the pool for the sharded judge: the entries whose instruction id falls to this shard
 * ({@link #of(String, int)}), in the same index the single judge keeps, each with the sequence number of the decision
 * that added it. A shard applies, in sequence order, the decisions about its own entries (it may be given the others'
 * too: they only move its applied point on) and answers for a candidate what its part holds as of the last decision
 * applied
 * ({@link ShardAnswer}); the {@link JudgeSequencer} makes the verdict.
 */
public final class PoolShard {

    private final int shard;
    private final int shards;
    private final PoolJudge part;
    private long[] sequences = new long[1024];
    private String[] instructions = new String[1024];
    private long applied = -1;

    public PoolShard(FilterRules rules, int shard, int shards) {
        this(rules, shard, shards, false);
    }

    /** As {@link #PoolShard(FilterRules, int, int)}; {@code exactVectors} as in {@link PoolJudge}. */
    public PoolShard(FilterRules rules, int shard, int shards, boolean exactVectors) {
        if (shards < 1 || shard < 0 || shard >= shards) {
            throw new IllegalArgumentException("shard " + shard + " of " + shards);
        }
        this.shard = shard;
        this.shards = shards;
        this.part = new PoolJudge(rules, exactVectors);
    }

    /** The shard that holds instruction id {@code id} (32 hex digits) among {@code shards}: by its first 64 bits. */
    public static int of(String id, int shards) {
        return (int) Long.remainderUnsigned(Long.parseUnsignedLong(id, 0, 16, 16), shards);
    }

    public int shard() {
        return shard;
    }

    /** The sequence number of the last decision applied; -1 before the first. */
    public long applied() {
        return applied;
    }

    /** Applies decision {@code sequence}: {@code text} joined the pool (kept only when this shard owns its id). */
    public void admit(PoolJudge.Text text, long sequence) {
        advance(sequence);
        if (of(text.id(), shards) != shard || part.contains(text.id())) {
            return;
        }
        int entry = part.admit(text);
        if (entry >= sequences.length) {
            sequences = Arrays.copyOf(sequences, Math.max(entry + 1, sequences.length * 2));
            instructions = Arrays.copyOf(instructions, sequences.length);
        }
        sequences[entry] = sequence;
        instructions[entry] = text.instruction();
    }

    /** Applies decision {@code sequence}: the entry {@code id} left the pool. */
    public void remove(String id, long sequence) {
        advance(sequence);
        if (of(id, shards) == shard) {
            int entry = part.entryOf(id);
            if (entry >= 0) {
                instructions[entry] = null;
                part.remove(id);
            }
        }
    }

    private void advance(long sequence) {
        if (sequence <= applied) {
            throw new IllegalStateException("shard " + shard + " applied decision " + applied + " and is given "
                    + sequence + ": decisions are applied once, in order");
        }
        applied = sequence;
    }

    /** What this shard's part of the pool holds of {@code text}, as of the last decision applied. */
    public ShardAnswer answer(PoolJudge.Text text) {
        boolean holds = part.contains(text.id());
        NearDuplicateIndex.Match best = part.bestMatch(text);
        ShardAnswer.Match near = best.found() ? new ShardAnswer.Match(part.idOf(best.entry()), best.score(),
                sequences[best.entry()]) : null;
        ShardAnswer.Match vector = null;
        if (text.vector() != null) {
            Optional<PoolVectors.Nearest> nearest = part.nearestVector(text.vector());
            if (nearest.isPresent()) {
                vector = new ShardAnswer.Match(nearest.get().id(), nearest.get().cosine(),
                        sequences[part.entryOf(nearest.get().id())]);
            }
        }
        return new ShardAnswer(shard, applied, holds, near, vector);
    }

    /** The instruction of entry {@code id}, which this shard holds; null when it holds none. */
    public String instruction(String id) {
        int entry = part.entryOf(id);
        return entry < 0 ? null : instructions[entry];
    }

    /** Entries this shard holds. */
    public int size() {
        return part.size();
    }
}
