package dev.seedloop.llm.simulated;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The simulated LLM's embeddings: not a model, a deterministic sketch of the text's words. Each word (a run of
 * letters and digits, lower-cased) and, in Hangul, each pair of adjacent syllables (Korean words change their
 * endings) is hashed to a dimension with a sign, weighted by the square root of its count, and the vector is scaled
 * to length one. Texts that share most of their words are close; texts in any script work. Paraphrases the
 * simulator writes share words with what they reword, so they come out close, as a real model would place them.
 */
final class EmbeddingComposer {

    static final int DIMENSION = 256;
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{M}\\p{N}]+");

    private EmbeddingComposer() {
    }

    static float[] embed(String text) {
        float[] counts = new float[DIMENSION];
        Matcher words = WORD.matcher(text.toLowerCase(Locale.ROOT));
        while (words.find()) {
            String word = words.group();
            add(counts, word);
            if (TextPieces.isMostlyHangul(word)) {
                for (int i = 0; i + 1 < word.length(); i++) {
                    add(counts, "#" + word.substring(i, i + 2));
                }
            }
        }
        double norm = 0;
        for (int i = 0; i < DIMENSION; i++) {
            counts[i] = (float) (Math.signum(counts[i]) * Math.sqrt(Math.abs(counts[i])));
            norm += counts[i] * counts[i];
        }
        if (norm == 0) {
            // Nothing word-like: one fixed direction, so the answer is still a unit vector
            counts[0] = 1;
            return counts;
        }
        float scale = (float) (1 / Math.sqrt(norm));
        for (int i = 0; i < DIMENSION; i++) {
            counts[i] *= scale;
        }
        return counts;
    }

    private static void add(float[] counts, String feature) {
        int hash = murmurMix(feature.hashCode() ^ feature.getBytes(StandardCharsets.UTF_8).length * 0x9E3779B9);
        counts[Math.floorMod(hash, DIMENSION)] += (hash & 0x8000_0000) == 0 ? 1 : -1;
    }

    private static int murmurMix(int h) {
        h ^= h >>> 16;
        h *= 0x85EBCA6B;
        h ^= h >>> 13;
        h *= 0xC2B2AE35;
        h ^= h >>> 16;
        return h;
    }
}
