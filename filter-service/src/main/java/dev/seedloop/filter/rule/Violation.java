package dev.seedloop.filter.rule;

import java.util.OptionalDouble;

/**
 * A rule that fired: the rule's stable name (the rejection's reason code), what it saw, and the measured value
 * with the limit it was compared to, where there is one.
 */
public record Violation(String rule, String detail, OptionalDouble score, OptionalDouble threshold) {

    public static Violation of(String rule, String detail) {
        return new Violation(rule, detail, OptionalDouble.empty(), OptionalDouble.empty());
    }

    public static Violation measured(String rule, String detail, double score, double threshold) {
        return new Violation(rule, detail, OptionalDouble.of(score), OptionalDouble.of(threshold));
    }
}
