package dev.seedloop.filter.dedup;

import java.util.List;

/**
 * ROUGE-L F-measure exactly as Python's rouge_score computes it (RougeScorer(["rougeL"], use_stemmer=False)):
 * LCS length L over token lists of lengths m and n, p = L/m, r = L/n, f = 2*p*r/(p+r) in double precision and in
 * that order. The order matters: pairs at "exactly 0.7" on paper can come out as 0.7000000000000001.
 */
public final class RougeL {

    private RougeL() {
    }

    /** F-measure of the two texts under {@link RougeTokenizer}; symmetric to the last bit. */
    public static double score(String target, String prediction) {
        List<String> targetTokens = RougeTokenizer.tokenize(target);
        List<String> predictionTokens = RougeTokenizer.tokenize(prediction);
        return fMeasure(lcs(targetTokens, predictionTokens), targetTokens.size(), predictionTokens.size());
    }

    /** F from an LCS length and the two token counts, with rouge_score's operation order. */
    public static double fMeasure(int lcs, int targetLength, int predictionLength) {
        if (lcs == 0 || targetLength == 0 || predictionLength == 0) {
            return 0.0;
        }
        double precision = (double) lcs / predictionLength;
        double recall = (double) lcs / targetLength;
        return 2 * precision * recall / (precision + recall);
    }

    /** Longest common subsequence length by dynamic programming over two rows. */
    public static int lcs(List<?> a, List<?> b) {
        if (a.isEmpty() || b.isEmpty()) {
            return 0;
        }
        int[] previous = new int[b.size() + 1];
        int[] current = new int[b.size() + 1];
        for (Object x : a) {
            for (int j = 1; j <= b.size(); j++) {
                current[j] = x.equals(b.get(j - 1)) ? previous[j - 1] + 1 : Math.max(previous[j], current[j - 1]);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.size()];
    }

    /** Longest common subsequence length of two token-id arrays. */
    public static int lcs(int[] a, int[] b) {
        if (a.length == 0 || b.length == 0) {
            return 0;
        }
        int[] previous = new int[b.length + 1];
        int[] current = new int[b.length + 1];
        for (int x : a) {
            for (int j = 1; j <= b.length; j++) {
                current[j] = x == b[j - 1] ? previous[j - 1] + 1 : Math.max(previous[j], current[j - 1]);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length];
    }
}
