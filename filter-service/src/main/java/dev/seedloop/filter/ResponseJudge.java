package dev.seedloop.filter;

import dev.seedloop.filter.rule.ResponseJudgement;
import dev.seedloop.filter.rule.Violation;
import dev.seedloop.schemas.avro.Example;
import dev.seedloop.schemas.avro.Instance;
import dev.seedloop.schemas.avro.Rejection;
import dev.seedloop.schemas.avro.RejectionStage;
import dev.seedloop.schemas.avro.SourceCoordinates;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * Applies the response rules to a response, in rule order: each instance a rule drops gets a rejection record
 * naming that rule; a rule that rejects the whole response (conflicting outputs, a low quality rating) gets one
 * with the instances still kept. The example goes on with the instances that pass, and counts as rejected, by the
 * first rule that dropped one, when none does.
 */
final class ResponseJudge implements FixedKeyProcessor<String, Example, Verdict> {

    static final String NO_INSTANCES = "no-instances";
    static final String STAGE = "response";

    private final FilterRules rules;
    private final FilterMetrics metrics;
    private FixedKeyProcessorContext<String, Verdict> context;

    ResponseJudge(FilterRules rules, FilterMetrics metrics) {
        this.rules = rules;
        this.metrics = metrics;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, Verdict> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<String, Example> record) {
        Example response = record.value();
        if (response == null) {
            // Not a response at all: the processing-exception handler dead-letters it with its coordinates.
            throw new IllegalArgumentException("response record with key '" + record.key() + "' has no value");
        }
        if (response.getInstances().isEmpty()) {
            Violation violation = Violation.of(NO_INSTANCES, "the response has no instances");
            metrics.rejected(STAGE, violation.rule());
            reject(record, response, List.of(), violation);
            return;
        }
        ResponseJudgement judgement = rules.judgeResponse(response);
        for (ResponseJudgement.Drop drop : judgement.dropped()) {
            metrics.instanceDropped(drop.violation().rule());
            metrics.quoted(drop.violation(), STAGE);
            reject(record, response, List.of(drop.instance()), drop.violation());
        }
        if (judgement.rejection().isPresent()) {
            Violation violation = judgement.rejection().get();
            metrics.rejected(STAGE, violation.rule());
            reject(record, response, judgement.kept(), violation);
            return;
        }
        if (judgement.kept().isEmpty()) {
            metrics.rejected(STAGE, judgement.dropped().get(0).violation().rule());
            return;
        }
        Example accepted = Example.newBuilder(response).setInstances(List.copyOf(judgement.kept())).build();
        metrics.accepted(STAGE);
        context.forward(record.withValue(new Verdict.AcceptedExample(accepted)));
    }

    private void reject(FixedKeyRecord<String, Example> record, Example response, List<Instance> instances,
            Violation violation) {
        SourceCoordinates source = context.recordMetadata()
                .map(m -> new SourceCoordinates(m.topic(), m.partition(), m.offset()))
                .orElse(new SourceCoordinates("unknown", -1, -1L));
        Rejection rejection = Rejection.newBuilder()
                .setStage(RejectionStage.RESPONSE)
                .setReason(violation.rule())
                .setDetail(violation.detail())
                .setScore(violation.score().isPresent() ? violation.score().getAsDouble() : null)
                .setThreshold(violation.threshold().isPresent() ? violation.threshold().getAsDouble() : null)
                .setConfigVersion(rules.version())
                .setSource(source)
                .setCandidateId(response.getCandidateId())
                .setInstructionId(response.getInstructionId())
                .setInstruction(response.getInstruction())
                .setInstances(List.copyOf(instances))
                .setProvenance(response.getProvenance())
                .setRejectedAt(Instant.ofEpochMilli(context.currentSystemTimeMs()))
                .build();
        context.forward(record.withValue(new Verdict.Rejected(rejection)));
    }
}
