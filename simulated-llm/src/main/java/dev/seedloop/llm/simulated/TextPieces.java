package dev.seedloop.llm.simulated;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/** Small text helpers of the simulated LLM: words, script, case, token estimates, a random pick. */
final class TextPieces {

    private TextPieces() {
    }

    static List<String> words(String text) {
        String trimmed = text.strip();
        if (trimmed.isEmpty()) {
            return List.of();
        }
        return Arrays.asList(trimmed.split("\\s+"));
    }

    /** True when most letters of {@code text} are Hangul. */
    static boolean isMostlyHangul(String text) {
        int hangul = 0;
        int letters = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isLetter(c)) {
                letters++;
                if (Character.UnicodeScript.of(c) == Character.UnicodeScript.HANGUL) {
                    hangul++;
                }
            }
        }
        return letters > 0 && hangul * 2 > letters;
    }

    static String capitalise(String text) {
        if (text.isEmpty()) {
            return text;
        }
        return text.substring(0, 1).toUpperCase(Locale.ROOT) + text.substring(1);
    }

    static int estimateTokens(String text) {
        return Math.max(1, (text.length() + 3) / 4);
    }

    static <T> T pick(List<T> items, Random random) {
        return items.get(random.nextInt(items.size()));
    }
}
