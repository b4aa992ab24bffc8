package dev.seedloop.filter;

import dev.seedloop.filter.shard.CandidateVerdict;
import dev.seedloop.schemas.avro.CandidateInstruction;
import dev.seedloop.schemas.avro.Embedding;
import dev.seedloop.schemas.avro.Instance;
import dev.seedloop.schemas.avro.PoolEntry;
import dev.seedloop.schemas.avro.SourceCoordinates;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Judges candidates one at a time against the pool as it stands: text rules first, then exact duplicate (same
 * normalised text), then near-duplicate (ROUGE-L F above the threshold against any pool instruction). An
 * accepted candidate joins the pool at once, so the next candidate is judged against it. Pool records that
 * arrive from elsewhere join without judgement.
 *
 * <p>The pool lives in the persistent store {@link FilterTopology#POOL_STORE} (id → instruction text), and the
 * vectors its records carried in {@link FilterTopology#VECTOR_STORE} (id → vector with its model), both
 * changelogged; the in-memory {@link PoolJudge} is rebuilt from them when the task starts, so no vector is ever
 * computed again.
 */
final class InstructionJudge implements Processor<String, InstructionEvent, String, Verdict> {

    private static final Logger LOGGER = LoggerFactory.getLogger(InstructionJudge.class);
    static final String STAGE = "instruction";

    /** How often, in admissions, the judge compares its pool with what its JVM can hold. */
    static final int MEMORY_CHECK_EVERY = 10_000;

    private final FilterRules rules;
    private final FilterMetrics metrics;
    private final CandidateOutcomes outcomes;
    private final PoolMemory memory;
    private ProcessorContext<String, Verdict> context;
    private KeyValueStore<String, String> pool;
    private KeyValueStore<String, Embedding> vectors;
    private PoolJudge judge;
    private int dimension;
    private boolean warnedOfMemory;

    InstructionJudge(FilterRules rules, FilterMetrics metrics) {
        this(rules, metrics, PoolMemory.ofThisJvm());
    }

    InstructionJudge(FilterRules rules, FilterMetrics metrics, PoolMemory memory) {
        this.rules = rules;
        this.metrics = metrics;
        this.memory = memory;
        this.outcomes = new CandidateOutcomes(rules, metrics);
    }

    @Override
    public void init(ProcessorContext<String, Verdict> context) {
        this.context = context;
        this.pool = context.getStateStore(FilterTopology.POOL_STORE);
        this.vectors = context.getStateStore(FilterTopology.VECTOR_STORE);
        this.judge = new PoolJudge(rules);
        long started = System.nanoTime();
        boolean semantic = rules.semanticDuplicate().isPresent();
        refuseWhatDoesNotFit(semantic);
        judge.beginBulkLoad();
        try (KeyValueIterator<String, String> all = pool.all()) {
            all.forEachRemaining(entry -> judge.admit(semantic ? text(entry.value, vectors.get(entry.key))
                    : PoolJudge.Text.of(entry.value)));
        }
        judge.endBulkLoad();
        updatePoolSize();
        LOGGER.info("pool index rebuilt: task={} instructions={} withoutVector={} millis={}", context.taskId(),
                judge.size(), judge.withoutVector(), (System.nanoTime() - started) / 1_000_000);
        if (judge.withoutVector() > 0) {
            LOGGER.warn("{} pool instructions have no vector of {}: the semantic rule cannot compare candidates with "
                    + "them (records written without embedding.provider, or with another model; a replay with this "
                    + "model embeds them)", judge.withoutVector(), rules.embeddingModel().orElse("?"));
        }
    }

    /**
     * A pool its JVM cannot hold is refused before the index is rebuilt, saying what to change: the task stops with
     * that message instead of an OutOfMemoryError part way through.
     */
    private void refuseWhatDoesNotFit(boolean semantic) {
        long instructions = pool.approximateNumEntries();
        long withVectors = semantic ? vectors.approximateNumEntries() : 0;
        if (semantic && withVectors > 0) {
            try (KeyValueIterator<String, Embedding> all = vectors.all()) {
                if (all.hasNext()) {
                    dimension = all.next().value.getVector().remaining() / Float.BYTES;
                }
            }
        }
        memory.tooLarge(instructions, withVectors, dimension).ifPresent(reason -> {
            LOGGER.error("cannot take the pool in: {}", reason);
            throw new PoolMemory.TooLargeException(reason);
        });
    }

    /** Warns once, well before the heap runs out, when the pool grows past what the JVM can hold. */
    private void watchMemory() {
        if (warnedOfMemory || judge.size() % MEMORY_CHECK_EVERY != 0) {
            return;
        }
        long withVectors = rules.semanticDuplicate().isPresent() ? judge.size() - judge.withoutVector() : 0;
        memory.tooLarge(judge.size() * 10L / 9, withVectors * 10L / 9, dimension).ifPresent(reason -> {
            warnedOfMemory = true;
            LOGGER.warn("the pool is near what the filter's JVM can hold, and a restart will refuse it: {}", reason);
        });
    }

    private PoolJudge.Text text(String instruction, Embedding embedding) {
        return PoolJudge.textOf(rules, instruction, embedding);
    }

    private void updatePoolSize() {
        metrics.poolSize(judge.size());
        metrics.withoutVector(judge.withoutVector());
        watchMemory();
    }

    @Override
    public void process(Record<String, InstructionEvent> record) {
        if (record.value() instanceof InstructionEvent.PoolRecord pooled) {
            absorb(pooled.id(), pooled.entry());
        } else if (record.value() instanceof InstructionEvent.Candidate candidate) {
            judge(record, candidate.candidate());
        }
    }

    private void absorb(String key, PoolEntry entry) {
        if (entry == null) {
            if (key != null && pool.delete(key) != null) {
                vectors.delete(key);
                judge.remove(key);
                updatePoolSize();
            }
            return;
        }
        PoolJudge.Text text = text(entry.getInstruction(), entry.getEmbedding());
        if (!judge.contains(text.id())) {
            judge.admit(text);
            pool.put(text.id(), text.instruction());
            keepVector(text.id(), entry.getEmbedding());
            updatePoolSize();
        }
    }

    private void judge(Record<String, InstructionEvent> record, CandidateInstruction candidate) {
        if (candidate == null) {
            // Not a candidate at all: the processing-exception handler dead-letters it with its coordinates.
            throw new IllegalArgumentException("candidate record with key '" + record.key() + "' has no value");
        }
        PoolJudge.Text text = text(candidate.getInstruction(), candidate.getEmbedding()).withInputs(candidate
                .getInstances().stream().map(Instance::getInput).filter(input -> !input.isBlank()).toList());
        PoolJudge.Judgement judgement = judge.judge(text);
        CandidateVerdict verdict = CandidateVerdict.of(judgement, judge);
        if (verdict.passed()) {
            pool.put(verdict.id(), candidate.getInstruction());
            keepVector(verdict.id(), candidate.getEmbedding());
            judge.admit(text);
            updatePoolSize();
        }
        Verdict outcome = outcomes.of(candidate, verdict, pool::get, coordinates(),
                Instant.ofEpochMilli(context.currentSystemTimeMs()));
        context.forward(record.withKey(verdict.passed() ? verdict.id() : candidate.getCandidateId())
                .withValue(outcome));
    }

    /** Keeps the vector a pool record or an accepted candidate carried, whatever its model, for restarts. */
    private void keepVector(String id, Embedding embedding) {
        if (embedding != null) {
            vectors.put(id, embedding);
            if (dimension == 0) {
                dimension = embedding.getVector().remaining() / Float.BYTES;
            }
        }
    }

    private SourceCoordinates coordinates() {
        Optional<RecordMetadata> metadata = context.recordMetadata();
        return metadata.map(m -> new SourceCoordinates(m.topic(), m.partition(), m.offset()))
                .orElse(new SourceCoordinates("unknown", -1, -1L));
    }
}
