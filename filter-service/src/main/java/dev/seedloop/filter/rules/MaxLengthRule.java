package dev.seedloop.filter.rules;

import java.util.Optional;

/** Rejects instructions longer than {@code maxChars} characters: oversized input never reaches the pool. */
public record MaxLengthRule(int maxChars) implements InstructionRule {

    public static final String NAME = "max-length";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Optional<Violation> check(String instruction) {
        int length = instruction.codePointCount(0, instruction.length());
        return length > maxChars
                ? Optional.of(Violation.measured(NAME, length + " characters, more than " + maxChars, length,
                        maxChars))
                : Optional.empty();
    }
}
