package dev.seedloop.filter.rule;

import java.util.OptionalDouble;

/**
 * A check against the pool, which the pool judge makes itself (it holds the index): an exact duplicate, or a near
 * duplicate above {@code threshold}.
 *
 * @param threshold the ROUGE-L F-measure a near duplicate exceeds; empty for an exact duplicate
 * @param scoreFloor accepted instructions report their exact highest ROUGE-L when it is above this
 */
public record PoolCheck(OptionalDouble threshold, OptionalDouble scoreFloor) implements Check {

    /** The exact-duplicate check. */
    public static PoolCheck exact() {
        return new PoolCheck(OptionalDouble.empty(), OptionalDouble.empty());
    }
}
