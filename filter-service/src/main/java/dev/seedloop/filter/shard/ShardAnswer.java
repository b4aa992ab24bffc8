package dev.seedloop.filter.shard;

/**
 * What one shard knows of a candidate, as of the last decision it applied: whether it holds the candidate's id, its
 * entry with the highest ROUGE-L above the score floor, and its vector nearest the candidate's.
 *
 * @param shard    the shard's number
 * @param applied  the sequence number of the last decision the shard had applied (-1: none)
 * @param holdsId  the shard holds an entry with the candidate's id (only the shard that owns the id can)
 * @param best     its best ROUGE-L match, or null
 * @param nearest  its nearest vector, or null
 */
public record ShardAnswer(int shard, long applied, boolean holdsId, Match best, Match nearest) {

    /**
     * A pool entry and how alike it is to the candidate (ROUGE-L F or cosine), with the sequence number of the
     * decision that added it: of two equally alike entries the earlier one counts, as in a scan in pool order.
     */
    public record Match(String id, double score, long sequence) {

        /** The better of {@code this} and {@code other} (either may be null). */
        Match or(Match other) {
            if (other == null) {
                return this;
            }
            if (other.score > score || other.score == score && other.sequence < sequence) {
                return other;
            }
            return this;
        }

        static Match better(Match one, Match two) {
            return one == null ? two : one.or(two);
        }
    }
}
