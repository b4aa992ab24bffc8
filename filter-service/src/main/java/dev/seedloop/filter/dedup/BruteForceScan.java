package dev.seedloop.filter.dedup;

import java.util.ArrayList;
import java.util.List;

/**
 * What Self-Instruct does: score a text against every pool entry (bit-parallel LCS, rouge_score's formula) and
 * take the best. The reference {@link NearDuplicateIndex} is tested and measured against.
 */
public final class BruteForceScan {

    private final TokenDictionary dictionary = new TokenDictionary();
    private final BitParallelLcs lcs = new BitParallelLcs();
    private final List<int[]> sequences = new ArrayList<>();

    /** Adds a text; returns its entry number. */
    public int add(String text) {
        sequences.add(dictionary.intern(RougeTokenizer.tokenize(text)));
        return sequences.size() - 1;
    }

    public void remove(int entry) {
        sequences.set(entry, null);
    }

    public int size() {
        return (int) sequences.stream().filter(sequence -> sequence != null).count();
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
        for (int entry = 0; entry < sequences.size(); entry++) {
            int[] sequence = sequences.get(entry);
            if (sequence == null) {
                continue;
            }
            double f = RougeL.fMeasure(prepared.lcs(sequence), query.length, sequence.length);
            if (f > bestScore) {
                bestScore = f;
                bestEntry = entry;
            }
        }
        return new NearDuplicateIndex.Match(bestEntry, bestScore);
    }
}
