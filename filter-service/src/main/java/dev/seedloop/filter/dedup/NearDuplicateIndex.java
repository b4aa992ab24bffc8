package dev.seedloop.filter.dedup;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The pool's instructions as token-id sequences, answering "what is the highest ROUGE-L F of this text against
 * the pool, and with which entry?" by scanning every entry: the decision Self-Instruct's brute force makes.
 */
public final class NearDuplicateIndex {

    private final Map<String, Integer> vocabulary = new HashMap<>();
    private final Map<String, Integer> positions = new HashMap<>();
    private final List<String> ids = new ArrayList<>();
    private final List<int[]> sequences = new ArrayList<>();

    /** Adds an instruction under its pool id; an id already present is left as it is. */
    public void add(String id, String instruction) {
        if (positions.containsKey(id)) {
            return;
        }
        positions.put(id, ids.size());
        ids.add(id);
        sequences.add(encode(RougeTokenizer.tokenize(instruction), true));
    }

    /** Removes the instruction with pool id {@code id}, if present. */
    public void remove(String id) {
        Integer position = positions.remove(id);
        if (position != null) {
            ids.set(position, null);
            sequences.set(position, null);
        }
    }

    public int size() {
        return positions.size();
    }

    /**
     * The pool entry with the highest F against {@code instruction}, the earliest one on ties; a match with a
     * null id and score 0 when nothing in the pool shares a token with it.
     */
    public Match bestMatch(String instruction) {
        int[] query = encode(RougeTokenizer.tokenize(instruction), false);
        String bestId = null;
        double bestScore = 0.0;
        for (int i = 0; i < sequences.size(); i++) {
            int[] entry = sequences.get(i);
            if (entry == null) {
                continue;
            }
            double f = RougeL.fMeasure(RougeL.lcs(query, entry), query.length, entry.length);
            if (f > bestScore) {
                bestScore = f;
                bestId = ids.get(i);
            }
        }
        return new Match(bestId, bestScore);
    }

    private int[] encode(List<String> tokens, boolean grow) {
        int[] sequence = new int[tokens.size()];
        for (int i = 0; i < tokens.size(); i++) {
            Integer id = vocabulary.get(tokens.get(i));
            if (id == null) {
                // A token the pool has never seen matches nothing; give it an id no entry uses.
                id = grow ? vocabulary.size() : -1 - i;
                if (grow) {
                    vocabulary.put(tokens.get(i), id);
                }
            }
            sequence[i] = id;
        }
        return sequence;
    }

    /**
     * The best pool entry for a query.
     *
     * @param id    pool id of the entry, null when the pool is empty
     * @param score its ROUGE-L F-measure against the query
     */
    public record Match(String id, double score) {
    }
}
