package dev.seedloop.filter;

import dev.seedloop.filter.rules.Violation;
import dev.seedloop.schemas.avro.Example;
import dev.seedloop.schemas.avro.Instance;
import dev.seedloop.schemas.avro.Rejection;
import dev.seedloop.schemas.avro.RejectionStage;
import dev.seedloop.schemas.avro.SourceCoordinates;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * Applies the instance rules to a response: each failing instance is dropped with a rejection record; the
 * example goes on with the instances that pass, and counts as rejected (by the first rule that fired) when none
 * does.
 */
final class OutputJudge implements FixedKeyProcessor<String, Example, Verdict> {

    static final String NO_INSTANCES = "no-instances";
    private static final String STAGE = "output";

    private final FilterRules rules;
    private final FilterMetrics metrics;
    private final String version;
    private FixedKeyProcessorContext<String, Verdict> context;

    OutputJudge(FilterRules rules, FilterMetrics metrics) {
        this.rules = rules;
        this.metrics = metrics;
        this.version = rules.version();
    }

    @Override
    public void init(FixedKeyProcessorContext<String, Verdict> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<String, Example> record) {
        Example example = record.value();
        if (example == null) {
            // Not a response at all: the processing-exception handler dead-letters it with its coordinates.
            throw new IllegalArgumentException("response record with key '" + record.key() + "' has no value");
        }
        if (example.getInstances().isEmpty()) {
            metrics.rejected(STAGE, NO_INSTANCES);
            reject(record, example, List.of(), Violation.of(NO_INSTANCES, "the response has no instances"));
            return;
        }
        List<Instance> kept = new ArrayList<>();
        Violation first = null;
        for (Instance instance : example.getInstances()) {
            Optional<Violation> violation = rules.checkInstance(instance);
            if (violation.isPresent()) {
                first = first == null ? violation.get() : first;
                metrics.instanceDropped(violation.get().rule());
                reject(record, example, List.of(instance), violation.get());
            } else {
                kept.add(instance);
            }
        }
        if (kept.isEmpty()) {
            metrics.rejected(STAGE, first.rule());
            return;
        }
        Example accepted = Example.newBuilder(example).setInstances(kept).build();
        metrics.accepted(STAGE);
        context.forward(record.withValue(new Verdict.AcceptedExample(accepted)));
    }

    private void reject(FixedKeyRecord<String, Example> record, Example example, List<Instance> instances,
            Violation violation) {
        SourceCoordinates source = context.recordMetadata()
                .map(m -> new SourceCoordinates(m.topic(), m.partition(), m.offset()))
                .orElse(new SourceCoordinates("unknown", -1, -1L));
        Rejection rejection = Rejection.newBuilder()
                .setStage(RejectionStage.OUTPUT)
                .setReason(violation.rule())
                .setDetail(violation.detail())
                .setConfigVersion(version)
                .setSource(source)
                .setCandidateId(example.getCandidateId())
                .setInstructionId(example.getInstructionId())
                .setInstruction(example.getInstruction())
                .setInstances(instances)
                .setProvenance(example.getProvenance())
                .setRejectedAt(Instant.ofEpochMilli(context.currentSystemTimeMs()))
                .build();
        context.forward(record.withValue(new Verdict.Rejected(rejection)));
    }
}
