package dev.seedloop.filter.shard;

import dev.seedloop.filter.PoolJudge;
import dev.seedloop.filter.rule.Violation;
import dev.seedloop.schemas.avro.CandidateInstruction;
import dev.seedloop.schemas.avro.Embedding;
import dev.seedloop.schemas.avro.PoolDecision;
import dev.seedloop.schemas.avro.PoolMatch;
import dev.seedloop.schemas.avro.RuleViolation;
import dev.seedloop.schemas.avro.ShardQuestion;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Function;

/** The sharded judge's records on the wire: decisions and questions to the shards, and their answers. */
final class ShardRecords {

    private ShardRecords() {
    }

    /** Decision {@code admission}: the entry joins with the text the shards apply ({@code embedding} its vector's). */
    static PoolDecision admission(JudgeSequencer.Admission admission, Embedding embedding, long decidedBefore) {
        return new PoolDecision(admission.sequence(), admission.text().id(), admission.text().instruction(),
                admission.text().vector() == null ? null : embedding, decidedBefore, null);
    }

    /** Decision {@code sequence}: entry {@code id} leaves the pool. */
    static PoolDecision removal(long sequence, String id, long decidedBefore) {
        return new PoolDecision(sequence, id, null, null, decidedBefore, null);
    }

    /** A question: answer the candidate at {@code offset} again. */
    static PoolDecision question(CandidateInstruction candidate, String id, long offset, long decidedBefore) {
        return new PoolDecision(-1L, id, candidate.getInstruction(), candidate.getEmbedding(), decidedBefore,
                new ShardQuestion(offset));
    }

    /** How far the sequencer has decided, for a shard that was sent nothing else. */
    static PoolDecision progress(long decidedBefore) {
        return new PoolDecision(-1L, "", null, null, decidedBefore, null);
    }

    static boolean isQuestion(PoolDecision decision) {
        return decision.getQuestion() != null;
    }

    /** Whether {@code decision} is one the shards apply (not a question, not progress). */
    static boolean isChange(PoolDecision decision) {
        return decision.getSequence() >= 0;
    }

    /** {@code answer} to the candidate at {@code offset}, with the texts of the entries it names. */
    static dev.seedloop.schemas.avro.ShardAnswer wire(ShardAnswer answer, String candidateId, long offset,
            Function<String, String> instructionOf, Optional<Optional<Violation>> checked) {
        return new dev.seedloop.schemas.avro.ShardAnswer(answer.shard(), offset, answer.applied(), answer.holdsId(),
                answer.holdsId() ? instructionOf.apply(candidateId) : null, wire(answer.best(), instructionOf),
                wire(answer.nearest(), instructionOf), checked.isPresent(),
                checked.flatMap(violation -> violation).map(ShardRecords::wire).orElse(null));
    }

    private static RuleViolation wire(Violation violation) {
        return new RuleViolation(violation.rule(), violation.detail(),
                violation.score().isPresent() ? violation.score().getAsDouble() : null,
                violation.threshold().isPresent() ? violation.threshold().getAsDouble() : null,
                violation.evalSet().orElse(null));
    }

    /** The text rules' verdict an answer carries, read back: empty when the rules passed. */
    static Optional<Violation> violation(dev.seedloop.schemas.avro.ShardAnswer answer) {
        RuleViolation wired = answer.getViolation();
        if (wired == null) {
            return Optional.empty();
        }
        return Optional.of(new Violation(wired.getRule(), wired.getDetail(),
                wired.getScore() == null ? OptionalDouble.empty() : OptionalDouble.of(wired.getScore()),
                wired.getThreshold() == null ? OptionalDouble.empty() : OptionalDouble.of(wired.getThreshold()),
                Optional.ofNullable(wired.getEvalSet())));
    }

    /** The shard that runs the text rules on the candidate at {@code offset}. */
    static int checkerOf(long offset, int shards) {
        return (int) (offset % shards);
    }

    private static PoolMatch wire(ShardAnswer.Match match, Function<String, String> instructionOf) {
        return match == null ? null
                : new PoolMatch(match.id(), instructionOf.apply(match.id()), match.score(), match.sequence());
    }

    /** The answer read back. */
    static ShardAnswer of(dev.seedloop.schemas.avro.ShardAnswer answer) {
        return new ShardAnswer(answer.getShard(), answer.getApplied(), answer.getHoldsId(), of(answer.getBest()),
                of(answer.getNearest()));
    }

    private static ShardAnswer.Match of(PoolMatch match) {
        return match == null ? null
                : new ShardAnswer.Match(match.getInstructionId(), match.getScore(), match.getSequence());
    }

    /** The text a shard applies for an admission, or answers for a question. */
    static PoolJudge.Text text(dev.seedloop.filter.FilterRules rules, PoolDecision decision) {
        return PoolJudge.textOf(rules, decision.getInstruction(), decision.getEmbedding());
    }
}
