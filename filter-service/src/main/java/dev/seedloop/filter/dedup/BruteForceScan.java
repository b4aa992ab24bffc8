package dev.seedloop.filter.dedup;

import java.util.Arrays;

/**
 * What Self-Instruct does: score a text against every pool entry and take the best; here with bit-parallel LCS
 * over token ids laid out in one contiguous array, and rouge_score's formula. The reference the
 * {@link NearDuplicateIndex} is tested and measured against.
 */
public final class BruteForceScan {

    private final TokenDictionary dictionary = new TokenDictionary();
    private final BitParallelLcs lcs = new BitParallelLcs();
    private int[] tokens = new int[1024];
    private int[] starts = new int[64];
    private boolean[] removed = new boolean[64];
    private int entries;
    private int used;

    /** Adds a text; returns its entry number. */
    public int add(String text) {
        int[] sequence = dictionary.intern(RougeTokenizer.tokenize(text));
        if (starts.length <= entries + 1) {
            starts = Arrays.copyOf(starts, starts.length * 2);
            removed = Arrays.copyOf(removed, starts.length);
        }
        while (tokens.length < used + sequence.length) {
            tokens = Arrays.copyOf(tokens, tokens.length * 2);
        }
        System.arraycopy(sequence, 0, tokens, used, sequence.length);
        used += sequence.length;
        starts[entries + 1] = used;
        return entries++;
    }

    public void remove(int entry) {
        removed[entry] = true;
    }

    /** The entry with the highest F (the first on ties), or -1 with score 0 when nothing shares a token. */
    public NearDuplicateIndex.Match best(String text) {
        int[] query = dictionary.lookup(RougeTokenizer.tokenize(text));
        if (query.length == 0) {
            return NearDuplicateIndex.Match.NONE;
        }
        BitParallelLcs.Prepared prepared = lcs.prepare(query);
        int bestEntry = -1;
        double bestScore = 0.0;
        for (int entry = 0; entry < entries; entry++) {
            if (removed[entry]) {
                continue;
            }
            int from = starts[entry];
            int to = starts[entry + 1];
            double f = RougeL.fMeasure(prepared.lcs(tokens, from, to), query.length, to - from);
            if (f > bestScore) {
                bestScore = f;
                bestEntry = entry;
            }
        }
        return new NearDuplicateIndex.Match(bestEntry, bestScore);
    }
}
