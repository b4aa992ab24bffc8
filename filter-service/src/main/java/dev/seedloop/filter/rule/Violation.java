package dev.seedloop.filter.rule;

import java.util.Optional;
import java.util.OptionalDouble;

/**
 * A rule that fired: the rule's stable name (the rejection's reason code), what it saw, the measured value with the
 * limit it was compared to, where there is one, and the eval set a quoted text came from (benchmark contamination).
 */
public record Violation(String rule, String detail, OptionalDouble score, OptionalDouble threshold,
        Optional<String> evalSet) {

    public static Violation of(String rule, String detail) {
        return new Violation(rule, detail, OptionalDouble.empty(), OptionalDouble.empty(), Optional.empty());
    }

    public static Violation measured(String rule, String detail, double score, double threshold) {
        return new Violation(rule, detail, OptionalDouble.of(score), OptionalDouble.of(threshold), Optional.empty());
    }

    /** A text that quotes an item of {@code evalSet}: {@code tokens} of it covered, {@code span} needed. */
    public static Violation quoted(String rule, String detail, int tokens, int span, String evalSet) {
        return new Violation(rule, detail, OptionalDouble.of(tokens), OptionalDouble.of(span), Optional.of(evalSet));
    }
}
