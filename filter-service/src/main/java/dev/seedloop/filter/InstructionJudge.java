package dev.seedloop.filter;

import dev.seedloop.filter.dedup.NearDuplicateIndex;
import dev.seedloop.filter.rules.Violation;
import dev.seedloop.schemas.InstructionId;
import dev.seedloop.schemas.avro.AcceptedInstruction;
import dev.seedloop.schemas.avro.CandidateInstruction;
import dev.seedloop.schemas.avro.PoolEntry;
import dev.seedloop.schemas.avro.Rejection;
import dev.seedloop.schemas.avro.RejectionStage;
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
 * <p>The pool lives in the persistent store {@link FilterTopology#POOL_STORE} (id → instruction text), which is
 * changelogged; the in-memory index is rebuilt from it when the task starts.
 */
final class InstructionJudge implements Processor<String, InstructionEvent, String, Verdict> {

    private static final Logger LOGGER = LoggerFactory.getLogger(InstructionJudge.class);
    private static final String STAGE = "instruction";
    /** Rejections keep at most this much of a rejected text, so that one always fits in a Kafka record. */
    static final int MAX_REJECTED_TEXT = 16 * 1024;

    private final FilterRules rules;
    private final FilterMetrics metrics;
    private final String version;
    private ProcessorContext<String, Verdict> context;
    private KeyValueStore<String, String> pool;
    private NearDuplicateIndex index;

    InstructionJudge(FilterRules rules, FilterMetrics metrics) {
        this.rules = rules;
        this.metrics = metrics;
        this.version = rules.version();
    }

    @Override
    public void init(ProcessorContext<String, Verdict> context) {
        this.context = context;
        this.pool = context.getStateStore(FilterTopology.POOL_STORE);
        this.index = new NearDuplicateIndex();
        long started = System.nanoTime();
        try (KeyValueIterator<String, String> all = pool.all()) {
            all.forEachRemaining(entry -> index.add(entry.key, entry.value));
        }
        metrics.poolSize(index.size());
        LOGGER.info("pool index rebuilt: task={} instructions={} millis={}", context.taskId(), index.size(),
                (System.nanoTime() - started) / 1_000_000);
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
                index.remove(key);
                metrics.poolSize(index.size());
            }
            return;
        }
        String id = InstructionId.of(entry.getInstruction());
        if (pool.get(id) == null) {
            pool.put(id, entry.getInstruction());
            index.add(id, entry.getInstruction());
            metrics.poolSize(index.size());
        }
    }

    private void judge(Record<String, InstructionEvent> record, CandidateInstruction candidate) {
        if (candidate == null) {
            // Not a candidate at all: the processing-exception handler dead-letters it with its coordinates.
            throw new IllegalArgumentException("candidate record with key '" + record.key() + "' has no value");
        }
        String instruction = candidate.getInstruction();
        String id = InstructionId.of(instruction);
        SourceCoordinates source = coordinates();

        Optional<Violation> violation = rules.checkInstruction(instruction);
        if (violation.isPresent()) {
            reject(record, candidate, id, source, violation.get(), null, null);
            return;
        }
        if (rules.exactDuplicate() && pool.get(id) != null) {
            reject(record, candidate, id, source,
                    Violation.measured(FilterRules.EXACT_DUPLICATE, "same normalised text as pool entry " + id, 1.0,
                            1.0), id, pool.get(id));
            return;
        }
        NearDuplicateIndex.Match match = index.bestMatch(instruction);
        if (rules.nearDuplicateThreshold().isPresent() && match.score() > rules.nearDuplicateThreshold().getAsDouble()) {
            double threshold = rules.nearDuplicateThreshold().getAsDouble();
            reject(record, candidate, id, source, Violation.measured(FilterRules.NEAR_DUPLICATE,
                    "ROUGE-L F " + match.score() + " > " + threshold + " against pool entry " + match.id(),
                    match.score(), threshold), match.id(), pool.get(match.id()));
            return;
        }
        if (pool.get(id) == null) {
            pool.put(id, instruction);
            index.add(id, instruction);
            metrics.poolSize(index.size());
        }
        AcceptedInstruction accepted = AcceptedInstruction.newBuilder()
                .setInstructionId(id)
                .setCandidateId(candidate.getCandidateId())
                .setInstruction(instruction)
                .setProvenance(candidate.getProvenance())
                .setMaxRougeL(match.score())
                .setMostSimilarId(match.id())
                .setConfigVersion(version)
                .setSource(source)
                .setAcceptedAt(Instant.ofEpochMilli(context.currentSystemTimeMs()))
                .build();
        metrics.accepted(STAGE);
        context.forward(record.withKey(id).withValue(new Verdict.AcceptedCandidate(accepted)));
    }

    private void reject(Record<String, InstructionEvent> record, CandidateInstruction candidate, String id,
            SourceCoordinates source, Violation violation, String duplicateOf, String duplicateText) {
        Rejection rejection = Rejection.newBuilder()
                .setStage(RejectionStage.INSTRUCTION)
                .setReason(violation.rule())
                .setDetail(violation.detail())
                .setScore(violation.score().isPresent() ? violation.score().getAsDouble() : null)
                .setThreshold(violation.threshold().isPresent() ? violation.threshold().getAsDouble() : null)
                .setDuplicateOf(duplicateOf)
                .setDuplicateOfInstruction(duplicateText)
                .setConfigVersion(version)
                .setSource(source)
                .setCandidateId(candidate.getCandidateId())
                .setInstructionId(id)
                .setInstruction(bounded(candidate.getInstruction()))
                .setProvenance(candidate.getProvenance())
                .setRejectedAt(Instant.ofEpochMilli(context.currentSystemTimeMs()))
                .build();
        metrics.rejected(STAGE, violation.rule());
        context.forward(record.withKey(candidate.getCandidateId()).withValue(new Verdict.Rejected(rejection)));
    }

    private static String bounded(String text) {
        return text.length() <= MAX_REJECTED_TEXT ? text
                : text.substring(0, MAX_REJECTED_TEXT) + "... [" + text.length() + " characters]";
    }

    private SourceCoordinates coordinates() {
        Optional<RecordMetadata> metadata = context.recordMetadata();
        return metadata.map(m -> new SourceCoordinates(m.topic(), m.partition(), m.offset()))
                .orElse(new SourceCoordinates("unknown", -1, -1L));
    }
}
