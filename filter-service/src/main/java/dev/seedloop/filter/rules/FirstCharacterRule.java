package dev.seedloop.filter.rules;

import java.util.Optional;

/**
 * Rejects instructions by their first character: ASCII punctuation (Python's {@code string.punctuation}), or
 * anything outside ASCII. Self-Instruct and Alpaca apply both; the second rejects every non-English
 * instruction, so seedloop's default leaves it off.
 */
public record FirstCharacterRule(String name, Kind kind) implements InstructionRule {

    public static final String PUNCTUATION_START = "punctuation-start";
    public static final String NON_ASCII_START = "non-ascii-start";

    private static final String ASCII_PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

    /** Which first characters are rejected. */
    public enum Kind {
        PUNCTUATION,
        NON_ASCII
    }

    public static FirstCharacterRule punctuation() {
        return new FirstCharacterRule(PUNCTUATION_START, Kind.PUNCTUATION);
    }

    public static FirstCharacterRule nonAscii() {
        return new FirstCharacterRule(NON_ASCII_START, Kind.NON_ASCII);
    }

    @Override
    public Optional<Violation> check(String instruction) {
        if (instruction.isEmpty()) {
            return Optional.empty();
        }
        int first = instruction.codePointAt(0);
        boolean rejected = switch (kind) {
            case PUNCTUATION -> first < 0x80 && ASCII_PUNCTUATION.indexOf(first) >= 0;
            case NON_ASCII -> first >= 0x80;
        };
        return rejected
                ? Optional.of(Violation.of(name, "starts with '" + new String(Character.toChars(first)) + "'"))
                : Optional.empty();
    }
}
