package dev.seedloop.filter.shard;

import dev.seedloop.filter.PoolJudge;
import dev.seedloop.filter.dedup.PoolVectors;
import dev.seedloop.filter.rule.Violation;
import java.util.Optional;

/**
 * A verdict on one candidate as the filter writes it, by pool ids rather than a judge's entry numbers, so that the
 * single judge's and the sharded judge's verdicts can be compared field by field.
 *
 * @param id           the candidate's instruction id
 * @param violation    the rule that rejected it; empty when it passed
 * @param duplicateOf  the pool entry it duplicates (exact, near or semantic), or null
 * @param maxRougeL    a passing candidate's highest ROUGE-L against the pool when above the score floor, or null
 * @param mostSimilar  the pool entry that gave it, or null
 * @param nearest      a passing candidate's nearest pool vector, when the semantic rule compared it with any
 */
public record CandidateVerdict(String id, Optional<Violation> violation, String duplicateOf, Double maxRougeL,
        String mostSimilar, PoolVectors.Nearest nearest) {

    public boolean passed() {
        return violation.isEmpty();
    }

    static CandidateVerdict fail(String id, Violation violation, String duplicateOf) {
        return new CandidateVerdict(id, Optional.of(violation), duplicateOf, null, null, null);
    }

    /** The single judge's {@code judgement}, by ids. */
    public static CandidateVerdict of(PoolJudge.Judgement judgement, PoolJudge judge) {
        if (judgement instanceof PoolJudge.Judgement.Fail fail) {
            return fail(fail.id(), fail.violation(), fail.duplicate() >= 0 ? judge.idOf(fail.duplicate()) : null);
        }
        PoolJudge.Judgement.Pass pass = (PoolJudge.Judgement.Pass) judgement;
        return new CandidateVerdict(pass.id(), Optional.empty(), null, pass.closest() >= 0 ? pass.score() : null,
                pass.closest() >= 0 ? judge.idOf(pass.closest()) : null, pass.nearest());
    }
}
