package dev.seedloop.filter;

import dev.seedloop.filter.rule.Violation;
import dev.seedloop.filter.shard.CandidateVerdict;
import dev.seedloop.schemas.avro.AcceptedInstruction;
import dev.seedloop.schemas.avro.CandidateInstruction;
import dev.seedloop.schemas.avro.Rejection;
import dev.seedloop.schemas.avro.RejectionStage;
import dev.seedloop.schemas.avro.SourceCoordinates;
import java.time.Instant;
import java.util.function.Function;

/**
 * A verdict on a candidate as the records the filter writes (the accepted instruction, or the rejection with its
 * reason), counted in the filter's metrics: one place for the single judge and the sharded judge's sequencer.
 */
public final class CandidateOutcomes {

    /** Rejections keep at most this much of a rejected text, so that one always fits in a Kafka record. */
    static final int MAX_REJECTED_TEXT = 16 * 1024;

    private final FilterMetrics metrics;
    private final String version;

    CandidateOutcomes(FilterRules rules, FilterMetrics metrics) {
        this.metrics = metrics;
        this.version = rules.version();
    }

    /**
     * The record for {@code verdict} on {@code candidate}, read from {@code source} and decided at {@code at};
     * {@code instructionOf} gives the text of a pool entry the verdict names.
     */
    public Verdict of(CandidateInstruction candidate, CandidateVerdict verdict, Function<String, String> instructionOf,
            SourceCoordinates source, Instant at) {
        recordNearest(verdict);
        if (verdict.violation().isPresent()) {
            Violation violation = verdict.violation().get();
            Rejection rejection = Rejection.newBuilder()
                    .setStage(RejectionStage.INSTRUCTION)
                    .setReason(violation.rule())
                    .setDetail(violation.detail())
                    .setScore(violation.score().isPresent() ? violation.score().getAsDouble() : null)
                    .setThreshold(violation.threshold().isPresent() ? violation.threshold().getAsDouble() : null)
                    .setDuplicateOf(verdict.duplicateOf())
                    .setDuplicateOfInstruction(verdict.duplicateOf() == null ? null
                            : instructionOf.apply(verdict.duplicateOf()))
                    .setConfigVersion(version)
                    .setSource(source)
                    .setCandidateId(candidate.getCandidateId())
                    .setInstructionId(verdict.id())
                    .setInstruction(bounded(candidate.getInstruction()))
                    .setProvenance(candidate.getProvenance())
                    .setRejectedAt(at)
                    .build();
            metrics.rejected(InstructionJudge.STAGE, violation.rule());
            metrics.quoted(violation, InstructionJudge.STAGE);
            return new Verdict.Rejected(rejection);
        }
        AcceptedInstruction accepted = AcceptedInstruction.newBuilder()
                .setInstructionId(verdict.id())
                .setCandidateId(candidate.getCandidateId())
                .setInstruction(candidate.getInstruction())
                .setInstances(candidate.getInstances())
                .setConversation(candidate.getConversation())
                .setProvenance(candidate.getProvenance())
                .setMaxRougeL(verdict.maxRougeL())
                .setMostSimilarId(verdict.mostSimilar())
                .setEmbedding(candidate.getEmbedding())
                .setMaxCosine(verdict.nearest() == null ? null : verdict.nearest().cosine())
                .setMostSimilarByCosineId(verdict.nearest() == null ? null : verdict.nearest().id())
                .setMostSimilarByCosineInstruction(verdict.nearest() == null ? null
                        : instructionOf.apply(verdict.nearest().id()))
                .setConfigVersion(version)
                .setSource(source)
                .setAcceptedAt(at)
                .build();
        metrics.accepted(InstructionJudge.STAGE);
        return new Verdict.AcceptedCandidate(accepted);
    }

    private void recordNearest(CandidateVerdict verdict) {
        if (verdict.passed() && verdict.nearest() != null) {
            metrics.nearestCosine(verdict.nearest().cosine());
        } else if (verdict.violation().isPresent()
                && FilterRules.SEMANTIC_DUPLICATE.equals(verdict.violation().get().rule())
                && verdict.violation().get().score().isPresent()) {
            metrics.nearestCosine(verdict.violation().get().score().getAsDouble());
        }
    }

    private static String bounded(String text) {
        return text.length() <= MAX_REJECTED_TEXT ? text
                : text.substring(0, MAX_REJECTED_TEXT) + "... [" + text.length() + " characters]";
    }
}
