package dev.seedloop.filter.rules;

import java.util.Optional;

/**
 * Self-Instruct's length rule: reject instructions with fewer than {@code minWords} or more than
 * {@code maxWords} whitespace-separated words (Python's {@code len(inst.split())}; Self-Instruct: ≤ 3 or > 150).
 */
public record WordCountRule(int minWords, int maxWords) implements InstructionRule {

    public static final String NAME = "word-count";

    public WordCountRule {
        if (minWords < 0 || maxWords < minWords) {
            throw new IllegalArgumentException("word-count needs 0 <= min <= max, got " + minWords + ".." + maxWords);
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Optional<Violation> check(String instruction) {
        int words = countWords(instruction);
        if (words < minWords) {
            return Optional.of(Violation.measured(NAME, words + " words, fewer than " + minWords, words, minWords));
        }
        if (words > maxWords) {
            return Optional.of(Violation.measured(NAME, words + " words, more than " + maxWords, words, maxWords));
        }
        return Optional.empty();
    }

    /** Words as Python's {@code str.split()} sees them: runs of non-whitespace. */
    static int countWords(String text) {
        int count = 0;
        boolean inWord = false;
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            boolean space = Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint);
            if (!space && !inWord) {
                count++;
            }
            inWord = !space;
            i += Character.charCount(codePoint);
        }
        return count;
    }
}
