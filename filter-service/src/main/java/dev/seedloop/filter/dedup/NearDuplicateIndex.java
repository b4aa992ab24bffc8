package dev.seedloop.filter.dedup;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Finds, for a text, the pool entry with the highest ROUGE-L F-measure among those above a floor, with the same
 * result a scan of the whole pool gives, while reading a small fraction of it.
 *
 * <p>Why nothing above the floor is missed. For a query of m tokens and an entry of n tokens, the LCS length L
 * is at most min(m, n) and at most the size of their multiset intersection O (an LCS is a common sub-multiset).
 * rouge_score's F exceeds the floor t only if 2L/(m+n) exceeds t' = t - 1e-9 (the margin covers any rounding of
 * p, r and 2pr/(p+r)), so |O| &ge; L &ge; alpha(m, n) = ceil(t'(m+n)/2). Hence:
 * <ul>
 *   <li>Length filter: n lies within [ceil(t'm/(2-t')), floor(m(2-t')/t')].</li>
 *   <li>Prefix filter: with every token occurrence ranked by one global order (rarest first), the smallest
 *       element of O lies among the first |x| - a + 1 elements of each text x, for any lower bound a of |O|.
 *       When the entry is not longer than the query, alpha(m, n) &ge; alpha(n, n), so the entry needs only its
 *       short prefix, n - alpha(n, n) + 1, and the query its long one, m - alpha(m, shortest partner) + 1; when
 *       the entry is longer, the roles swap. Every entry's long prefix is posted, marked short or extra.</li>
 *   <li>Positional filter: the elements of O found in both probed prefixes are an initial segment of O in the
 *       global order, so the rest of O lies after the last one found in both texts: with it at positions i and
 *       j, |O| &le; found + min(m - 1 - i, n - 1 - j).</li>
 * </ul>
 * Entries that pass are scored exactly: bit-parallel LCS, then rouge_score's formula in its order.
 *
 * <p>The order is by document frequency, frozen when the index is rebuilt (whenever the pool has doubled):
 * any fixed order is correct; frequency only makes prefixes selective. Tokens first seen after a rebuild rank
 * before all others, being rare. Searches may run on several threads at once through {@link #searcher()} as
 * long as nothing is added or removed meanwhile.
 */
public final class NearDuplicateIndex {

    /** Subtracted from the floor before any bound is derived: more than any rounding of F's computation. */
    static final double MARGIN = 1e-9;

    private static final int FIRST_REBUILD = 64;
    /** Prefix extension: both sides post and probe this many more elements, so a passing pair must share more. */
    static final int EXTENSION = 1;
    private static final int UNRANKED = Integer.MIN_VALUE;

    private final double floor;
    private final double bound;
    private final TokenDictionary dictionary = new TokenDictionary();
    private final Searcher own;

    private int[][] sequences = new int[1024][];
    private int entries;
    private int live;
    private int liveAtRebuild;
    private boolean bulk;

    private int[] rank = filled(new int[1024], UNRANKED);
    private int[] tokenByRank = new int[0];
    private int[] tokenByNewRank = new int[1024];
    private int newTokens;

    private Postings[] postings = new Postings[1024];
    private final List<Integer> unposted = new ArrayList<>();

    /** By entry length: the un-extended short and long prefixes, where a first shared element can lie. */
    private final int[] shortBase = new int[Postings.MAX_LENGTH + 1];
    private final int[] longBase = new int[Postings.MAX_LENGTH + 1];

    /** An index that finds every entry with F strictly above {@code floor}. */
    public NearDuplicateIndex(double floor) {
        if (!(floor >= 0.0 && floor < 1.0)) {
            throw new IllegalArgumentException("floor must be in [0, 1), got " + floor);
        }
        this.floor = floor;
        this.bound = floor - MARGIN;
        for (int n = 1; n <= Postings.MAX_LENGTH; n++) {
            shortBase[n] = n - overlapNeeded(n, n) + 1;
            longBase[n] = n - overlapNeeded(n, minimalPartner(n)) + 1;
        }
        this.own = new Searcher();
    }

    public double floor() {
        return floor;
    }

    /** Entries in the index. */
    public int size() {
        return live;
    }

    /** The number the next entry will get. */
    public int nextEntry() {
        return entries;
    }

    /** Adds a text; returns its entry number (never reused). */
    public int add(String text) {
        return add(RougeTokenizer.tokenize(text));
    }

    /** Adds a tokenized text; returns its entry number. */
    public int add(List<String> tokens) {
        int[] sequence = dictionary.intern(tokens);
        growTokens(dictionary.size());
        for (int token : sequence) {
            if (rank[token] == UNRANKED) {
                if (tokenByNewRank.length == newTokens) {
                    tokenByNewRank = Arrays.copyOf(tokenByNewRank, newTokens * 2);
                }
                tokenByNewRank[newTokens++] = token;
                rank[token] = -newTokens;
            }
        }
        int entry = entries++;
        if (sequences.length <= entry) {
            sequences = Arrays.copyOf(sequences, entries * 2);
        }
        sequences[entry] = sequence;
        live++;
        if (!bulk) {
            if (live >= FIRST_REBUILD && live >= 2 * liveAtRebuild) {
                rebuild();
            } else {
                post(entry);
            }
        }
        return entry;
    }

    /** Removes an entry; it is never found again. */
    public void remove(int entry) {
        if (entry >= 0 && entry < entries && sequences[entry] != null) {
            sequences[entry] = null;
            live--;
        }
    }

    /** Until {@link #endBulkLoad()}, adds only store entries: one rebuild at the end indexes them all. */
    public void beginBulkLoad() {
        bulk = true;
    }

    public void endBulkLoad() {
        bulk = false;
        rebuild();
    }

    /**
     * The entry with the highest F against {@code text} if that F is above the floor (the lowest entry number on
     * ties, as a scan in entry order finds it). Otherwise no entry, with the highest F among the entries the
     * bounds let through (a lower bound of the true maximum, 0 when none was examined).
     */
    public Match best(String text) {
        return own.best(RougeTokenizer.tokenize(text));
    }

    public Match best(List<String> tokens) {
        return own.best(tokens);
    }

    /** A searcher of its own, for searching from another thread while the index does not change. */
    public Searcher searcher() {
        return new Searcher();
    }

    /** Re-orders tokens by current document frequency and re-posts every entry's prefix. */
    private void rebuild() {
        int vocabulary = dictionary.size();
        int[] frequency = new int[vocabulary];
        Searcher scratch = own;
        for (int entry = 0; entry < entries; entry++) {
            int[] sequence = sequences[entry];
            if (sequence == null) {
                continue;
            }
            int stamp = scratch.nextStamp();
            for (int token : sequence) {
                if (scratch.occurrenceStamps[token] != stamp) {
                    scratch.occurrenceStamps[token] = stamp;
                    frequency[token]++;
                }
            }
        }
        long[] order = new long[vocabulary];
        for (int token = 0; token < vocabulary; token++) {
            order[token] = ((long) frequency[token] << 32) | token;
        }
        Arrays.sort(order);
        tokenByRank = new int[vocabulary];
        for (int position = 0; position < vocabulary; position++) {
            int token = (int) order[position];
            tokenByRank[position] = token;
            rank[token] = position;
        }
        newTokens = 0;
        postings = new Postings[Math.max(16, vocabulary)];
        unposted.clear();
        for (int entry = 0; entry < entries; entry++) {
            if (sequences[entry] != null) {
                post(entry);
            }
        }
        liveAtRebuild = live;
    }

    private void post(int entry) {
        int[] sequence = sequences[entry];
        int n = sequence.length;
        if (n == 0) {
            return;
        }
        long[] keys = own.keys(sequence);
        int longPrefix = Math.min(n, n - overlapNeeded(n, minimalPartner(n)) + 1 + EXTENSION);
        int shortPrefix = Math.min(n, n - overlapNeeded(n, n) + 1 + EXTENSION);
        // (The first shared element of a passing pair lies within the un-extended prefixes; see Searcher#visit.)
        boolean fits = n <= Postings.MAX_LENGTH;
        for (int j = 0; j < longPrefix && fits; j++) {
            fits = (int) keys[j] <= Postings.MAX_OCCURRENCE;
        }
        if (!fits) {
            // Too long or too repetitive for a posting's fields: always scored directly (rare).
            unposted.add(entry);
            return;
        }
        for (int j = 0; j < longPrefix; j++) {
            int token = tokenOf((int) (keys[j] >> 32));
            if (postings.length <= token) {
                postings = Arrays.copyOf(postings, Math.max(token + 1, postings.length * 2));
            }
            Postings list = postings[token];
            if (list == null) {
                list = new Postings();
                postings[token] = list;
            }
            list.add(Postings.encode(entry, n, j, j >= shortPrefix, (int) keys[j]));
        }
    }

    private int tokenOf(int rankValue) {
        return rankValue >= 0 ? tokenByRank[rankValue] : tokenByNewRank[-rankValue - 1];
    }

    private void growTokens(int vocabulary) {
        if (rank.length < vocabulary) {
            int size = Math.max(vocabulary, rank.length * 2);
            int old = rank.length;
            rank = Arrays.copyOf(rank, size);
            Arrays.fill(rank, old, size, UNRANKED);
        }
    }

    private static int[] filled(int[] array, int value) {
        Arrays.fill(array, value);
        return array;
    }

    private static long[] filled(long[] array, long value) {
        Arrays.fill(array, value);
        return array;
    }

    /** Fewest tokens a partner of a text of {@code length} tokens can have and still pass. */
    int minimalPartner(int length) {
        if (bound <= 0) {
            return 1;
        }
        return Math.max(1, (int) Math.ceil(bound * length / (2 - bound)));
    }

    /** Most tokens a partner of a text of {@code length} tokens can have and still pass. */
    int maximalPartner(int length) {
        if (bound <= 0) {
            return Postings.MAX_LENGTH + 1;
        }
        return (int) Math.min(Postings.MAX_LENGTH + 1L, (long) Math.floor(length * (2 - bound) / bound));
    }

    /** Shared tokens two texts of m and n tokens need at least. */
    int overlapNeeded(int m, int n) {
        return Math.min(Math.min(m, n), Math.max(1, (int) Math.ceil(bound * (m + n) / 2)));
    }

    /**
     * Search state for one thread: counters per entry and buffers reused from query to query.
     */
    public final class Searcher implements Postings.Visitor {

        /**
         * Candidates of the current query in open addressing, small enough to stay in cache. A slot is one long:
         * entry (bits 32-63, -1 when empty), a "listed" flag (31), shared count (23-30, 255 meaning "too many to
         * count": always verified), the entry's length (11-21) and how many elements follow the last shared one
         * in both texts at most (0-10); a count of 0 with that last field all ones marks an entry the bounds
         * ruled out. Bounds never read the pool itself.
         */
        private long[] table = filled(new long[4096], -1L);
        private int mask = 4095;
        private int[] slots = new int[256];
        private int size;
        /** Slots of entries that met the bounds at some visit (count + remaining only ever shrinks). */
        private int[] promising = new int[64];
        private int promisingCount;
        private int[] occurrences = new int[1024];
        private int[] occurrenceStamps = new int[1024];
        private int occurrenceStamp;
        private final BitParallelLcs lcs = new BitParallelLcs();
        private int queryLength;
        private int queryLongBase;
        private int queryShortBase;
        /** overlapNeeded(queryLength, n) for every n the length filter lets through; 0 elsewhere. */
        private int[] needed = new int[Postings.MAX_LENGTH + 2];

        private Searcher() {
        }

        /** As {@link NearDuplicateIndex#best(String)}. */
        public Match best(List<String> tokens) {
            return best(tokens, 0);
        }

        /** As {@link #best(List)}, among the entries numbered {@code minEntry} or more (the newest ones). */
        public Match best(List<String> tokens, int minEntry) {
            int[] query = dictionary.lookup(tokens);
            int m = query.length;
            if (m == 0 || live == 0) {
                return Match.NONE;
            }
            queryLength = m;
            int low = minimalPartner(m);
            int high = maximalPartner(m);
            long[] keys = keys(query);
            for (int n = low; n <= Math.min(high, Postings.MAX_LENGTH); n++) {
                needed[n] = overlapNeeded(m, n);
            }
            int longPrefix = Math.min(m, m - overlapNeeded(m, low) + 1 + EXTENSION);
            int shortPrefix = Math.min(m, m - overlapNeeded(m, m) + 1 + EXTENSION);
            queryLongBase = m - overlapNeeded(m, low) + 1;
            queryShortBase = m - overlapNeeded(m, m) + 1;
            startQuery();
            for (int i = 0; i < longPrefix; i++) {
                long key = keys[i];
                if (key == Long.MIN_VALUE) {
                    continue;
                }
                Postings list = postings[tokenOf((int) (key >> 32))];
                if (list == null) {
                    continue;
                }
                // Entries no longer than the query: their short prefix against the query's long prefix.
                list.forEach(low, Math.min(m, high), true, this, i, minEntry);
                // Longer entries: their long prefix against the query's short prefix.
                if (i < shortPrefix) {
                    list.forEach(m + 1, high, false, this, i, minEntry);
                }
            }
            return verify(query, low, high, minEntry);
        }

        @Override
        public void visit(long posting, int i) {
            // Only the same occurrence of a token is the same element of the multiset.
            if (Postings.occurrence(posting) != occurrenceOf(i)) {
                return;
            }
            int n = Postings.length(posting);
            int j = Postings.position(posting);
            int m = queryLength;
            int after = Math.min(m - i - 1, n - j - 1);
            int required = needed[n];
            // At most min(i, j) shared elements come before this one: if even that is too few, skip the lookup.
            if (Math.min(i, j) + 1 + after < required) {
                return;
            }
            int entry = Postings.entry(posting);
            // The first shared element of a passing pair lies in both un-extended prefixes: only there may a
            // candidate start; elsewhere a posting can only add to a candidate already found.
            boolean mayStart = n <= m ? i < queryLongBase && j < shortBase[n] : i < queryShortBase && j < longBase[n];
            int slot = mayStart ? slotOf(entry) : existingSlotOf(entry);
            if (slot < 0) {
                return;
            }
            long held = table[slot];
            int count = (int) (held >>> 23) & 0xFF;
            int remaining = (int) held & REMAINING;
            if (count == 0 && remaining == REMAINING) {
                return;
            }
            // Found so far, this one, and at most what follows it in both texts.
            if (count < SATURATED && count + 1 + after < required) {
                table[slot] = ((long) entry << 32) | REMAINING;
                return;
            }
            int next = Math.min(count + 1, SATURATED);
            long listed = held & LISTED;
            if (listed == 0 && (next == SATURATED || next >= Math.min(EXTENSION + 1, required))) {
                listed = LISTED;
                if (promising.length == promisingCount) {
                    promising = Arrays.copyOf(promising, promisingCount * 2);
                }
                promising[promisingCount++] = slot;
            }
            table[slot] = ((long) entry << 32) | listed | ((long) next << 23) | ((long) n << 11) | after;
        }

        private static final int REMAINING = 0x7FF;
        private static final int SATURATED = 0xFF;
        private static final long LISTED = 1L << 31;

        private void startQuery() {
            for (int t = 0; t < size; t++) {
                table[slots[t]] = -1L;
            }
            size = 0;
            promisingCount = 0;
        }

        /** The slot of {@code entry} in this query's table, added (count 0) if absent. */
        private int slotOf(int entry) {
            int slot = mix(entry) & mask;
            while (true) {
                long held = table[slot];
                if (held == -1L) {
                    table[slot] = (long) entry << 32;
                    if (slots.length == size) {
                        slots = Arrays.copyOf(slots, size * 2);
                    }
                    slots[size++] = slot;
                    if (size * 2 > mask + 1) {
                        grow();
                        return slotOf(entry);
                    }
                    return slot;
                }
                if ((int) (held >>> 32) == entry) {
                    return slot;
                }
                slot = (slot + 1) & mask;
            }
        }

        /** The slot of {@code entry} in this query's table, or -1 when it is not a candidate. */
        private int existingSlotOf(int entry) {
            int slot = mix(entry) & mask;
            while (true) {
                long held = table[slot];
                if (held == -1L) {
                    return -1;
                }
                if ((int) (held >>> 32) == entry) {
                    return slot;
                }
                slot = (slot + 1) & mask;
            }
        }

        private void grow() {
            long[] old = table;
            int[] oldSlots = Arrays.copyOf(slots, size);
            table = filled(new long[old.length * 2], -1L);
            mask = table.length - 1;
            size = 0;
            promisingCount = 0;
            for (int oldSlot : oldSlots) {
                long held = old[oldSlot];
                int slot = mix((int) (held >>> 32)) & mask;
                while (table[slot] != -1L) {
                    slot = (slot + 1) & mask;
                }
                table[slot] = held;
                slots[size++] = slot;
                if ((held & LISTED) != 0) {
                    if (promising.length == promisingCount) {
                        promising = Arrays.copyOf(promising, promisingCount * 2);
                    }
                    promising[promisingCount++] = slot;
                }
            }
        }

        private static int mix(int entry) {
            int h = entry * 0x9E3779B1;
            return h ^ (h >>> 15);
        }

        private Match verify(int[] query, int low, int high, int minEntry) {
            int m = query.length;
            BitParallelLcs.Prepared prepared = null;
            int bestEntry = -1;
            double bestScore = 0.0;
            double bestBelow = 0.0;
            for (int t = 0; t < promisingCount; t++) {
                long held = table[promising[t]];
                int count = (int) (held >>> 23) & 0xFF;
                if (count == 0) {
                    continue;
                }
                int required = needed[(int) (held >>> 11) & 0x7FF];
                // The first EXTENSION + 1 shared elements all lie in both extended prefixes; the rest of them
                // follow the last one found.
                if (count < SATURATED && (count < Math.min(EXTENSION + 1, required)
                        || count + ((int) held & REMAINING) < required)) {
                    continue;
                }
                int entry = (int) (held >>> 32);
                int[] sequence = sequences[entry];
                if (sequence == null) {
                    continue;
                }
                if (prepared == null) {
                    prepared = lcs.prepare(query);
                }
                int n = sequence.length;
                double f = RougeL.fMeasure(prepared.lcs(sequence), m, n);
                if (f > floor && (f > bestScore || (f == bestScore && entry < bestEntry))) {
                    bestScore = f;
                    bestEntry = entry;
                } else if (f <= floor && f > bestBelow) {
                    bestBelow = f;
                }
            }
            for (int entry : unposted) {
                int[] sequence = sequences[entry];
                if (entry < minEntry || sequence == null || sequence.length < low || sequence.length > high) {
                    continue;
                }
                if (prepared == null) {
                    prepared = lcs.prepare(query);
                }
                double f = RougeL.fMeasure(prepared.lcs(sequence), m, sequence.length);
                if (f > floor && (f > bestScore || (f == bestScore && entry < bestEntry))) {
                    bestScore = f;
                    bestEntry = entry;
                } else if (f <= floor && f > bestBelow) {
                    bestBelow = f;
                }
            }
            return bestEntry >= 0 ? new Match(bestEntry, bestScore) : new Match(-1, bestBelow);
        }

        private long[] queryKeys = new long[64];

        private int occurrenceOf(int i) {
            return (int) queryKeys[i];
        }

        /**
         * Every token occurrence as (rank, occurrence number), sorted: the global order. Tokens of a query that
         * the pool has never had come first as {@link Long#MIN_VALUE}: they cannot be shared, so they only
         * shorten the part of the prefix that is probed.
         */
        long[] keys(int[] sequence) {
            if (occurrences.length < rank.length) {
                occurrences = Arrays.copyOf(occurrences, rank.length);
                occurrenceStamps = Arrays.copyOf(occurrenceStamps, rank.length);
            }
            long[] keys = new long[sequence.length];
            int stamp = nextStamp();
            for (int i = 0; i < sequence.length; i++) {
                int token = sequence[i];
                if (token < 0) {
                    keys[i] = Long.MIN_VALUE;
                    continue;
                }
                int occurrence = occurrenceStamps[token] == stamp ? occurrences[token] + 1 : 0;
                occurrenceStamps[token] = stamp;
                occurrences[token] = occurrence;
                keys[i] = ((long) rank[token] << 32) | occurrence;
            }
            Arrays.sort(keys);
            queryKeys = keys;
            return keys;
        }

        private int nextStamp() {
            if (occurrences.length < rank.length) {
                occurrences = Arrays.copyOf(occurrences, rank.length);
                occurrenceStamps = Arrays.copyOf(occurrenceStamps, rank.length);
            }
            occurrenceStamp++;
            if (occurrenceStamp == 0) {
                Arrays.fill(occurrenceStamps, 0);
                occurrenceStamp = 1;
            }
            return occurrenceStamp;
        }
    }

    /**
     * A best match.
     *
     * @param entry the entry number, or -1 when no entry is above the floor
     * @param score its F-measure; without an entry, the highest F seen at or below the floor
     */
    public record Match(int entry, double score) {

        public static final Match NONE = new Match(-1, 0.0);

        public boolean found() {
            return entry >= 0;
        }
    }
}
