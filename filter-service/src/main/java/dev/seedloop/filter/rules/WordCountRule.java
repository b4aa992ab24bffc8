package dev.seedloop.filter.rules;

import dev.seedloop.filter.dedup.RougeTokenizer;
import java.util.Optional;

/**
 * Self-Instruct's length rule: reject instructions with fewer than {@code minWords} or more than
 * {@code maxWords} words (Self-Instruct: 3 or fewer, or more than 150). Words are counted as Python's
 * {@code len(inst.split())} does, or script-aware: the same, except that each character of a script written
 * without spaces (Han, kana, Thai, Lao, Khmer, Myanmar) counts as a word, so a Chinese sentence is not one word.
 */
public record WordCountRule(int minWords, int maxWords, Counting counting) implements InstructionRule {

    public static final String NAME = "word-count";

    /** How words are counted. */
    public enum Counting {
        /** Runs of non-whitespace, as Python's {@code str.split()}. */
        WHITESPACE,
        /** Runs of non-whitespace, with each character of a script without spaces counting alone. */
        SCRIPT_AWARE
    }

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
        int words = counting == Counting.WHITESPACE ? countWords(instruction) : countScriptAware(instruction);
        if (words < minWords) {
            return Optional.of(Violation.measured(NAME, words + " words, fewer than " + minWords, words, minWords));
        }
        if (words > maxWords) {
            return Optional.of(Violation.measured(NAME, words + " words, more than " + maxWords, words, maxWords));
        }
        return Optional.empty();
    }

    static int countScriptAware(String text) {
        int count = 0;
        boolean inWord = false;
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            if (Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint)) {
                inWord = false;
            } else if (RougeTokenizer.isSingleCharacterScript(codePoint)) {
                count++;
                inWord = false;
            } else if (!inWord) {
                count++;
                inWord = true;
            }
            i += Character.charCount(codePoint);
        }
        return count;
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
