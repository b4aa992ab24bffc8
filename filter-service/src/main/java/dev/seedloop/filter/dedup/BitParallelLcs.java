package dev.seedloop.filter.dedup;

import java.util.Arrays;

/**
 * Length of the longest common subsequence of a query against many sequences, 64 query positions per machine
 * word (Allison and Dix; Hyyrö): for each symbol c of the other sequence, U = V &amp; M[c], V = (V + U) | (V - U);
 * the LCS length is the number of zero bits of V. Only symbols that occur in the query change V; they are found
 * in a small hash table of the query's tokens, which stays in the fastest cache.
 */
final class BitParallelLcs {

    private int[] tableTokens = new int[128];
    private int[] tableSlots = new int[128];
    private int tableMask = 127;
    private long[] masks = new long[64];
    private long[] wideState = new long[1];

    /** Prepares the matcher for {@code query} (token ids; negative ids match nothing), reusing buffers. */
    Prepared prepare(int[] query) {
        int capacity = Integer.highestOneBit(Math.max(64, query.length * 4) - 1) << 1;
        if (tableTokens.length != capacity) {
            tableTokens = new int[capacity];
            tableSlots = new int[capacity];
            tableMask = capacity - 1;
        }
        Arrays.fill(tableTokens, -1);
        int words = (query.length + 63) >>> 6;
        int distinct = 0;
        for (int token : query) {
            if (token >= 0 && slotOf(token) < 0) {
                int at = home(token);
                while (tableTokens[at] >= 0) {
                    at = (at + 1) & tableMask;
                }
                tableTokens[at] = token;
                tableSlots[at] = distinct++;
            }
        }
        if (masks.length < distinct * words) {
            masks = new long[Math.max(distinct * words, masks.length * 2)];
        }
        Arrays.fill(masks, 0, distinct * words, 0L);
        for (int i = 0; i < query.length; i++) {
            int token = query[i];
            if (token >= 0) {
                masks[slotOf(token) * words + (i >>> 6)] |= 1L << (i & 63);
            }
        }
        if (wideState.length < words) {
            wideState = new long[words];
        }
        return new Prepared(query.length, words);
    }

    private int slotOf(int token) {
        int at = home(token);
        while (true) {
            int held = tableTokens[at];
            if (held == token) {
                return tableSlots[at];
            }
            if (held < 0) {
                return -1;
            }
            at = (at + 1) & tableMask;
        }
    }

    private int home(int token) {
        int h = token * 0x9E3779B1;
        return (h ^ (h >>> 16)) & tableMask;
    }

    /** A query ready to be compared with many sequences. */
    final class Prepared {
        private final int queryLength;
        private final int words;

        private Prepared(int queryLength, int words) {
            this.queryLength = queryLength;
            this.words = words;
        }

        /** LCS length of the query and {@code other}. */
        int lcs(int[] other) {
            return lcs(other, 0, other.length);
        }

        /** LCS length of the query and {@code other[from, to)}. */
        int lcs(int[] other, int from, int to) {
            if (queryLength == 0 || to <= from) {
                return 0;
            }
            return words == 1 ? singleWord(other, from, to) : multiWord(other, from, to);
        }

        private int singleWord(int[] other, int from, int to) {
            long v = -1L;
            for (int k = from; k < to; k++) {
                int slot = slotOf(other[k]);
                if (slot < 0) {
                    continue;
                }
                long u = v & masks[slot];
                v = (v + u) | (v - u);
            }
            long used = queryLength == 64 ? -1L : (1L << queryLength) - 1;
            return queryLength - Long.bitCount(v & used);
        }

        private int multiWord(int[] other, int from, int to) {
            long[] v = wideState;
            Arrays.fill(v, 0, words, -1L);
            for (int k = from; k < to; k++) {
                int slot = slotOf(other[k]);
                if (slot < 0) {
                    continue;
                }
                int base = slot * words;
                long carry = 0;
                for (int w = 0; w < words; w++) {
                    long a = v[w];
                    long u = a & masks[base + w];
                    long sum = a + u;
                    long carryOut = Long.compareUnsigned(sum, a) < 0 ? 1 : 0;
                    long total = sum + carry;
                    if (carry == 1 && total == 0) {
                        carryOut = 1;
                    }
                    // u is a subset of a, so a - u borrows nothing: it is a ^ u.
                    v[w] = total | (a ^ u);
                    carry = carryOut;
                }
            }
            int zeros = 0;
            for (int w = 0; w < words; w++) {
                int bits = Math.min(64, queryLength - (w << 6));
                long used = bits == 64 ? -1L : (1L << bits) - 1;
                zeros += bits - Long.bitCount(v[w] & used);
            }
            return zeros;
        }
    }
}
