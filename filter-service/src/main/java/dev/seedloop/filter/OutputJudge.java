package dev.seedloop.filter;

import dev.seedloop.filter.rules.Violation;
import dev.seedloop.schemas.avro.Example;
import dev.seedloop.schemas.avro.Instance;
import dev.seedloop.schemas.avro.Rejection;
import dev.seedloop.schemas.avro.RejectionStage;
import dev.seedloop.schemas.avro.SourceCoordinates;
import java.time.Instant;
import dev.seedloop.filter.output.OutputRules;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * Applies the response rules ({@link OutputRules}) and the instance rules to a response: a cut-off last instance,
 * each failing, repeated or surplus instance is dropped with a rejection record; conflicting outputs and a low
 * quality rating reject the whole example. The example goes on with the instances that pass, and counts as
 * rejected (by the first rule that fired) when none does.
 */
final class OutputJudge implements FixedKeyProcessor<String, Example, Verdict> {

    static final String NO_INSTANCES = "no-instances";
    static final String STAGE = "output";

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
        OutputRules output = rules.outputRules();
        List<Instance> instances = new ArrayList<>(example.getInstances());
        Violation first = null;
        if (output.truncated() && example.getTruncated() && !instances.isEmpty()) {
            Instance cut = instances.remove(instances.size() - 1);
            first = drop(record, example, cut, Violation.of(OutputRules.TRUNCATED,
                    "the answer was cut off by the token limit; its last instance is incomplete"), first);
        }
        if (instances.isEmpty()) {
            Violation violation = first != null ? first
                    : Violation.of(NO_INSTANCES, "the response has no instances");
            if (first == null) {
                reject(record, example, List.of(), violation);
            }
            metrics.rejected(STAGE, violation.rule());
            return;
        }
        Optional<String> conflict = output.conflictingOutputs() ? conflict(instances) : Optional.empty();
        if (conflict.isPresent()) {
            Violation violation = Violation.of(OutputRules.CONFLICTING_OUTPUTS, "the input '"
                    + abbreviate(conflict.get()) + "' has different outputs; the whole task is dropped");
            metrics.rejected(STAGE, violation.rule());
            reject(record, example, instances, violation);
            return;
        }
        boolean evolved = OutputRules.EVOL_INSTRUCT.equals(example.getProvenance().getMethod());
        List<Instance> kept = new ArrayList<>();
        Set<Instance> seen = new HashSet<>();
        for (Instance instance : instances) {
            Optional<Violation> violation = rules.checkInstance(instance);
            if (violation.isEmpty() && output.duplicateInstances() && !seen.add(instance)) {
                violation = Optional.of(Violation.of(OutputRules.DUPLICATE_INSTANCE,
                        "the same input and output as an earlier instance"));
            }
            if (violation.isEmpty() && evolved && output.apologetic() && OutputRules.isApologetic(instance.getOutput())) {
                violation = Optional.of(Violation.of(OutputRules.APOLOGETIC_RESPONSE,
                        "the response apologises in fewer than " + OutputRules.APOLOGY_MAX_WORDS + " words"));
            }
            if (violation.isEmpty() && evolved && output.stopwordsOnly()
                    && OutputRules.isStopwordsOnly(instance.getOutput())) {
                violation = Optional.of(Violation.of(OutputRules.STOPWORDS_ONLY,
                        "the response has only punctuation and stop words"));
            }
            if (violation.isEmpty() && output.maxInstances() > 0 && kept.size() >= output.maxInstances()) {
                violation = Optional.of(Violation.of(OutputRules.MAX_INSTANCES,
                        "beyond the first " + output.maxInstances() + " instances"));
            }
            if (violation.isPresent()) {
                first = drop(record, example, instance, violation.get(), first);
            } else {
                kept.add(instance);
            }
        }
        if (kept.isEmpty()) {
            metrics.rejected(STAGE, first.rule());
            return;
        }
        if (output.minQuality().isPresent() && example.getQualityScore() != null
                && example.getQualityScore() < output.minQuality().getAsDouble()) {
            Violation violation = Violation.of(OutputRules.LOW_QUALITY, "rated " + example.getQualityScore()
                    + " by the quality judge, below " + output.minQuality().getAsDouble()
                    + (example.getQualityReason() == null ? "" : ": " + abbreviate(example.getQualityReason())));
            metrics.rejected(STAGE, violation.rule());
            reject(record, example, kept, violation, example.getQualityScore(), output.minQuality().getAsDouble());
            return;
        }
        Example accepted = Example.newBuilder(example).setInstances(kept).build();
        metrics.accepted(STAGE);
        context.forward(record.withValue(new Verdict.AcceptedExample(accepted)));
    }

    /** Rejects one instance; returns the first violation of the example so far. */
    private Violation drop(FixedKeyRecord<String, Example> record, Example example, Instance instance,
            Violation violation, Violation first) {
        metrics.instanceDropped(violation.rule());
        reject(record, example, List.of(instance), violation);
        return first == null ? violation : first;
    }

    /** The first non-empty input that has two different outputs (Self-Instruct drops such a task). */
    static Optional<String> conflict(List<Instance> instances) {
        Map<String, String> outputs = new HashMap<>();
        for (Instance instance : instances) {
            if (instance.getInput().isEmpty()) {
                continue;
            }
            String earlier = outputs.putIfAbsent(instance.getInput(), instance.getOutput());
            if (earlier != null && !earlier.equals(instance.getOutput())) {
                return Optional.of(instance.getInput());
            }
        }
        return Optional.empty();
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }

    private void reject(FixedKeyRecord<String, Example> record, Example example, List<Instance> instances,
            Violation violation) {
        reject(record, example, instances, violation, null, null);
    }

    private void reject(FixedKeyRecord<String, Example> record, Example example, List<Instance> instances,
            Violation violation, Double score, Double threshold) {
        SourceCoordinates source = context.recordMetadata()
                .map(m -> new SourceCoordinates(m.topic(), m.partition(), m.offset()))
                .orElse(new SourceCoordinates("unknown", -1, -1L));
        Rejection rejection = Rejection.newBuilder()
                .setStage(RejectionStage.OUTPUT)
                .setReason(violation.rule())
                .setDetail(violation.detail())
                .setScore(score)
                .setThreshold(threshold)
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
