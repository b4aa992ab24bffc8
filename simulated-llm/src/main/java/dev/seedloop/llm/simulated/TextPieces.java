package dev.seedloop.llm.simulated;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/** Small text helpers for composing answers from the words of the prompt. */
final class TextPieces {

    private static final Set<String> STOP_WORDS = Set.of("a", "an", "the", "of", "to", "in", "on", "for", "and",
            "or", "is", "are", "be", "with", "by", "as", "at", "it", "its", "this", "that", "these", "those",
            "from", "your", "you", "me", "my", "i", "we", "our", "their", "them", "what", "which", "who", "how",
            "why", "when", "where", "given", "following", "each", "some", "any", "into", "about", "if", "can",
            "do", "does", "should", "would", "will", "there", "than", "then", "so", "not", "no", "all", "one");

    private TextPieces() {
    }

    static List<String> words(String text) {
        String trimmed = text.strip();
        if (trimmed.isEmpty()) {
            return List.of();
        }
        return Arrays.asList(trimmed.split("\\s+"));
    }

    /** A word without the punctuation around it. */
    static String bare(String word) {
        return word.replaceAll("^[\\p{Punct}“”‘’«»]+|[\\p{Punct}“”‘’«»]+$", "");
    }

    static boolean isStopWord(String word) {
        return STOP_WORDS.contains(bare(word).toLowerCase(Locale.ROOT));
    }

    /**
     * A short phrase from the middle or end of {@code text}: a window of two to five words that begins and ends
     * with a content word, for use as a topic.
     */
    static String topic(String text, Random random) {
        List<String> words = new ArrayList<>();
        for (String word : words(text)) {
            String bare = bare(word);
            if (!bare.isEmpty()) {
                words.add(bare);
            }
        }
        if (words.size() <= 2) {
            return String.join(" ", words).toLowerCase(Locale.ROOT);
        }
        boolean tail = random.nextInt(5) < 3;
        for (int attempt = 0; attempt < 8; attempt++) {
            int length = 2 + random.nextInt(Math.min(4, words.size() - 1));
            // Most tasks end with their object ("... of the following idioms"): prefer the tail.
            int start = tail ? Math.max(1, words.size() - length)
                    : 1 + random.nextInt(Math.max(1, words.size() - length));
            int end = Math.min(words.size(), start + length);
            List<String> window = words.subList(start, end);
            if (!window.isEmpty() && !isStopWord(window.get(0)) && !isStopWord(window.get(window.size() - 1))) {
                return lowerFirstUnlessName(String.join(" ", window));
            }
        }
        return lowerFirstUnlessName(words.get(words.size() - 1));
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

    private static String lowerFirstUnlessName(String phrase) {
        if (phrase.length() > 1 && Character.isUpperCase(phrase.charAt(0)) && Character.isLowerCase(phrase.charAt(1))
                && !phrase.contains(" ")) {
            return phrase;
        }
        return phrase.isEmpty() ? phrase : Character.toLowerCase(phrase.charAt(0)) + phrase.substring(1);
    }
}
