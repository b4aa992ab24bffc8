package dev.seedloop.schemas;

import dev.seedloop.schemas.avro.AcceptedInstruction;
import dev.seedloop.schemas.avro.CandidateInstruction;
import dev.seedloop.schemas.avro.DeadLetter;
import dev.seedloop.schemas.avro.Example;
import dev.seedloop.schemas.avro.PoolDecision;
import dev.seedloop.schemas.avro.PoolEntry;
import dev.seedloop.schemas.avro.Rejection;
import dev.seedloop.schemas.avro.ShardAnswer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Every topic of the loop, named under one prefix. The pool and the candidates have a single partition: the
 * near-duplicate decision is a fold over one ordered sequence of pool additions and candidates, so the filter
 * reads both in one task. Parallelism lives in the LLM stages, which carry the cost.
 */
public final class TopicRegistry {

    /** The prefix used when none is configured. */
    public static final String DEFAULT_PREFIX = "seedloop";

    /** How long candidates, rejections and dead letters are kept for inspection and replay. */
    public static final Duration HISTORY_RETENTION = Duration.ofDays(30);

    private static final Duration WORK_RETENTION = Duration.ofDays(7);
    private static final Pattern LEGAL_PREFIX = Pattern.compile("[a-zA-Z0-9._-]{1,100}");

    private static final Pattern LEGAL_TAG = Pattern.compile("[a-z0-9_-]{1,40}");

    private final String prefix;
    private final Topic<String, PoolEntry> pool;
    private final Topic<String, CandidateInstruction> candidates;
    private final Topic<String, AcceptedInstruction> instructions;
    private final Topic<String, Example> responses;
    private final Topic<String, Example> examples;
    private final Topic<String, Rejection> rejections;
    private final Topic<String, DeadLetter> deadLetters;
    private final Topic<String, PoolDecision> decisions;
    private final Topic<String, ShardAnswer> answers;

    private TopicRegistry(String prefix) {
        if (!LEGAL_PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException(
                    "topic prefix '" + prefix + "' must be 1-100 characters of a-z A-Z 0-9 . _ -");
        }
        this.prefix = prefix;
        Serde<String> keys = Serdes.String();
        pool = new Topic<>(prefix + ".pool", keys, AvroSerde.of(PoolEntry.class), 1, CleanupPolicy.COMPACT,
                Optional.empty(), "The instruction pool: seeds, human data and accepted machine examples, by id.");
        candidates = new Topic<>(prefix + ".candidates", keys, AvroSerde.of(CandidateInstruction.class), 1,
                CleanupPolicy.DELETE, Optional.of(HISTORY_RETENTION),
                "New instructions proposed by generators, in the order the filter judges them.");
        instructions = new Topic<>(prefix + ".instructions.accepted", keys,
                AvroSerde.of(AcceptedInstruction.class), 3, CleanupPolicy.DELETE, Optional.of(WORK_RETENTION),
                "Instructions that passed the filter and wait for a response.");
        // Kept as long as the candidates: a replay re-judges them without asking the LLM again
        responses = new Topic<>(prefix + ".responses", keys, AvroSerde.of(Example.class), 3,
                CleanupPolicy.DELETE, Optional.of(HISTORY_RETENTION),
                "Instructions with the instances the responder wrote, before the response rules.");
        examples = new Topic<>(prefix + ".examples.accepted", keys, AvroSerde.of(Example.class), 3,
                CleanupPolicy.DELETE, Optional.of(WORK_RETENTION),
                "Examples that passed the response rules and go to the pool.");
        rejections = new Topic<>(prefix + ".rejections", keys, AvroSerde.of(Rejection.class), 3,
                CleanupPolicy.DELETE, Optional.of(HISTORY_RETENTION),
                "Every dropped record with its reason, score and source coordinates.");
        deadLetters = new Topic<>(prefix + ".dead-letters", Serdes.String(), AvroSerde.of(DeadLetter.class), 1,
                CleanupPolicy.DELETE, Optional.of(HISTORY_RETENTION),
                "Records that could not be read or processed, with the error and where they came from.");
        // Compacted by entry id and kept forever: a shard that starts takes its part of the pool in from it
        decisions = new Topic<>(prefix + ".judge.decisions", keys, AvroSerde.of(PoolDecision.class), 1,
                CleanupPolicy.COMPACT, Optional.empty(),
                "The sharded judge's numbered changes to the pool, one partition a shard (filter.shards).");
        answers = new Topic<>(prefix + ".judge.answers", keys, AvroSerde.of(ShardAnswer.class), 1,
                CleanupPolicy.DELETE, Optional.of(WORK_RETENTION),
                "What each shard of the sharded judge holds of each candidate, for the sequencer.");
    }

    private TopicRegistry(TopicRegistry live, String tag) {
        this.prefix = live.prefix;
        String suffix = ".replay." + tag;
        pool = live.pool.renamed(live.pool.name() + suffix);
        candidates = live.candidates.renamed(live.candidates.name() + suffix);
        instructions = live.instructions.renamed(live.instructions.name() + suffix);
        responses = live.responses.renamed(live.responses.name() + suffix);
        examples = live.examples.renamed(live.examples.name() + suffix);
        rejections = live.rejections.renamed(live.rejections.name() + suffix);
        deadLetters = live.deadLetters.renamed(live.deadLetters.name() + suffix);
        decisions = live.decisions.renamed(live.decisions.name() + suffix);
        answers = live.answers.renamed(live.answers.name() + suffix);
    }

    /**
     * The topics of a replay named {@code tag}: a versioned copy of every topic ({@code <topic>.replay.<tag>}), into
     * which the replay copies the live records it judges again, so that a replay never writes to the live loop.
     */
    public TopicRegistry replay(String tag) {
        if (!LEGAL_TAG.matcher(tag).matches()) {
            throw new IllegalArgumentException("replay tag '" + tag + "' must be 1-40 characters of a-z 0-9 _ -");
        }
        return new TopicRegistry(this, tag);
    }

    /** The registry under the default prefix. */
    public static TopicRegistry standard() {
        return new TopicRegistry(DEFAULT_PREFIX);
    }

    /** The registry under {@code prefix}, for several loops on one cluster. */
    public static TopicRegistry withPrefix(String prefix) {
        return new TopicRegistry(prefix);
    }

    public String prefix() {
        return prefix;
    }

    public Topic<String, PoolEntry> pool() {
        return pool;
    }

    public Topic<String, CandidateInstruction> candidates() {
        return candidates;
    }

    public Topic<String, AcceptedInstruction> instructions() {
        return instructions;
    }

    public Topic<String, Example> responses() {
        return responses;
    }

    public Topic<String, Example> examples() {
        return examples;
    }

    public Topic<String, Rejection> rejections() {
        return rejections;
    }

    public Topic<String, DeadLetter> deadLetters() {
        return deadLetters;
    }

    /**
     * The sharded judge's decisions topic for {@code shards} shards: one partition a shard. Like the answers, it is
     * the filter's own (as Kafka Streams' internal topics are): not in {@link #all()}, made by the filter when
     * {@code filter.shards} is above 1.
     */
    public Topic<String, PoolDecision> decisions(int shards) {
        return new Topic<>(decisions.name(), decisions.keySerde(), decisions.valueSerde(), shards,
                decisions.cleanupPolicy(), decisions.retention(), decisions.description());
    }

    /** The sharded judge's answers: one partition, read by the sequencer. */
    public Topic<String, ShardAnswer> answers() {
        return answers;
    }

    /** All topics, in the order data flows through them. */
    public List<Topic<?, ?>> all() {
        return List.of(pool, candidates, instructions, responses, examples, rejections, deadLetters);
    }
}
