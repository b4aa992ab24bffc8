package dev.seedloop.filter.dedup;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Token text to a dense integer id, so that sequences are int arrays and tokens compare as ints. */
final class TokenDictionary {

    /** The id of a token the dictionary has never seen: it matches nothing. */
    static final int UNKNOWN = -1;

    private final Map<String, Integer> ids = new HashMap<>();

    /** Ids of {@code tokens}, adding the new ones. */
    int[] intern(List<String> tokens) {
        int[] sequence = new int[tokens.size()];
        for (int i = 0; i < sequence.length; i++) {
            Integer id = ids.get(tokens.get(i));
            if (id == null) {
                id = ids.size();
                ids.put(tokens.get(i), id);
            }
            sequence[i] = id;
        }
        return sequence;
    }

    /** Ids of {@code tokens}, {@link #UNKNOWN} for those never seen. */
    int[] lookup(List<String> tokens) {
        int[] sequence = new int[tokens.size()];
        for (int i = 0; i < sequence.length; i++) {
            sequence[i] = ids.getOrDefault(tokens.get(i), UNKNOWN);
        }
        return sequence;
    }

    int size() {
        return ids.size();
    }
}
