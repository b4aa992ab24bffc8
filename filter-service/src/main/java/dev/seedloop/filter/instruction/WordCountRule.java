package dev.seedloop.filter.instruction;

import dev.seedloop.filter.dedup.RougeTokenizer;
import dev.seedloop.filter.rule.InstructionCheck;
import dev.seedloop.filter.rule.Rule;
import dev.seedloop.filter.rule.RuleSettings;
import dev.seedloop.filter.rule.RuleStage;
import dev.seedloop.filter.rule.Violation;
import dev.seedloop.runtime.config.ConfigException;
import dev.seedloop.runtime.config.ConfigKey;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Self-Instruct's length rule: rejects instructions with fewer than {@code min-words} or more than {@code max-words}
 * words (Self-Instruct: 3 or fewer, or more than 150). Words are counted as Python's {@code len(inst.split())} does
 * ({@code whitespace}, the Self-Instruct and Alpaca presets), or script-aware (seedloop's default): the same, except
 * that each character of a script written without spaces (Han, kana, Thai, Lao, Khmer, Myanmar) counts as a word, so
 * that a Chinese sentence is not one word.
 */
public final class WordCountRule implements Rule {

    public static final String NAME = "word-count";

    /** How words are counted. */
    public enum Counting {
        /** Runs of non-whitespace, as Python's {@code str.split()}. */
        WHITESPACE,
        /** Runs of non-whitespace, with each character of a script without spaces counting alone. */
        SCRIPT_AWARE
    }

    static final ConfigKey<Integer> MIN_WORDS = ConfigKey.integer("filter.word-count.min-words", 4, 0, 1_000_000,
            "Fewest words accepted (Self-Instruct rejects 3 or fewer).");
    static final ConfigKey<Integer> MAX_WORDS = ConfigKey.integer("filter.word-count.max-words", 150, 1, 1_000_000,
            "Most words accepted (Self-Instruct: 150).");
    static final ConfigKey<Counting> COUNTING = ConfigKey.enumeration("filter.word-count.counting",
            Counting.SCRIPT_AWARE, Counting.class, "whitespace (Python's split, as Self-Instruct counts) or "
                    + "script-aware (the same, but each Han, kana, Thai, Lao, Khmer or Myanmar character is a word).");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public RuleStage stage() {
        return RuleStage.INSTRUCTION;
    }

    @Override
    public int order() {
        return 20;
    }

    @Override
    public String description() {
        return "reject instructions with fewer than min-words or more than max-words words";
    }

    @Override
    public int logicVersion() {
        return 1;
    }

    @Override
    public List<ConfigKey<?>> settings() {
        return List.of(MIN_WORDS, MAX_WORDS, COUNTING);
    }

    @Override
    public Map<String, Map<String, String>> presets() {
        return Map.of("self-instruct", Map.of(COUNTING.name(), "whitespace"),
                "alpaca", Map.of(COUNTING.name(), "whitespace"));
    }

    @Override
    public InstructionCheck check(RuleSettings settings) {
        int min = settings.get(MIN_WORDS);
        int max = settings.get(MAX_WORDS);
        if (max < min) {
            throw new ConfigException(MAX_WORDS.name() + " (" + max + ") must not be below " + MIN_WORDS.name()
                    + " (" + min + ")");
        }
        boolean whitespace = settings.get(COUNTING) == Counting.WHITESPACE;
        return instruction -> {
            int words = whitespace ? countWords(instruction) : countScriptAware(instruction);
            if (words < min) {
                return Optional.of(Violation.measured(NAME, words + " words, fewer than " + min, words, min));
            }
            if (words > max) {
                return Optional.of(Violation.measured(NAME, words + " words, more than " + max, words, max));
            }
            return Optional.empty();
        };
    }

    /** Words as Python's {@code str.split()} sees them, except that each character of a script without spaces counts. */
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
