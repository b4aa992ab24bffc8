package dev.seedloop.filter.dedup;

import java.util.Arrays;

/**
 * The posting lists of one token: which entries have it in their indexed prefix, at which position, and whether
 * in the short part of the prefix (what a longer partner needs) or only in the long part. A posting is one long:
 * entry (32 bits), entry length (12), position (12), part (1), occurrence (7). Lists start flat; past a size they
 * are split into length bands, so a search reads only the lengths that can pass.
 */
final class Postings {

    static final int MAX_LENGTH = 2047;
    static final int MAX_OCCURRENCE = 127;

    private static final int FLAT_LIMIT = 48;
    private static final int[] BAND_STARTS = {1, 3, 5, 7, 9, 11, 13, 15, 17, 20, 23, 27, 31, 36, 42, 50, 60, 75, 100,
        150, MAX_LENGTH + 1};
    private static final int BANDS = BAND_STARTS.length - 1;
    private static final byte[] BAND_OF_LENGTH = new byte[MAX_LENGTH + 1];

    static {
        for (int band = 0; band < BANDS; band++) {
            for (int length = BAND_STARTS[band]; length < BAND_STARTS[band + 1]; length++) {
                BAND_OF_LENGTH[length] = (byte) band;
            }
        }
    }

    private long[] flat = new long[2];
    private int flatSize;
    private long[][] banded;
    private int[] bandSizes;

    static long encode(int entry, int length, int position, boolean extra, int occurrence) {
        return ((long) entry << 32) | ((long) length << 20) | ((long) position << 8) | (extra ? 0x80L : 0L)
                | occurrence;
    }

    static int entry(long posting) {
        return (int) (posting >>> 32);
    }

    static int length(long posting) {
        return (int) (posting >>> 20) & 0xFFF;
    }

    static int position(long posting) {
        return (int) (posting >>> 8) & 0xFFF;
    }

    static boolean extra(long posting) {
        return (posting & 0x80L) != 0;
    }

    static int occurrence(long posting) {
        return (int) posting & 0x7F;
    }

    void add(long posting) {
        if (banded != null) {
            addBanded(posting);
            return;
        }
        if (flatSize == flat.length) {
            if (flatSize >= FLAT_LIMIT) {
                band();
                addBanded(posting);
                return;
            }
            flat = Arrays.copyOf(flat, flatSize * 2);
        }
        flat[flatSize++] = posting;
    }

    /**
     * Calls {@code visitor} for every posting whose entry length is within [low, high] (and, when
     * {@code shortOnly}, that lies in the short part of its prefix). Postings outside may be visited too; the
     * visitor checks the length.
     */
    void forEach(int low, int high, boolean shortOnly, Visitor visitor, int queryPosition) {
        forEach(low, high, shortOnly, visitor, queryPosition, 0);
    }

    /**
     * As {@link #forEach(int, int, boolean, Visitor, int)}, for entries numbered {@code minEntry} or more only:
     * lists are in entry order, so those are found by binary search.
     */
    void forEach(int low, int high, boolean shortOnly, Visitor visitor, int queryPosition, int minEntry) {
        if (low > high) {
            return;
        }
        if (banded == null) {
            for (int i = firstFrom(flat, flatSize, minEntry); i < flatSize; i++) {
                visit(flat[i], low, high, shortOnly, visitor, queryPosition);
            }
            return;
        }
        int first = BAND_OF_LENGTH[Math.min(Math.max(low, 1), MAX_LENGTH)];
        int last = BAND_OF_LENGTH[Math.min(high, MAX_LENGTH)];
        for (int band = first; band <= last; band++) {
            boolean inside = BAND_STARTS[band] >= low && BAND_STARTS[band + 1] - 1 <= high;
            long[] list = banded[2 * band];
            for (int i = firstFrom(list, bandSizes[2 * band], minEntry), size = bandSizes[2 * band]; i < size; i++) {
                if (inside) {
                    visitor.visit(list[i], queryPosition);
                } else {
                    visit(list[i], low, high, false, visitor, queryPosition);
                }
            }
            if (!shortOnly) {
                list = banded[2 * band + 1];
                for (int i = firstFrom(list, bandSizes[2 * band + 1], minEntry), size = bandSizes[2 * band + 1];
                        i < size; i++) {
                    if (inside) {
                        visitor.visit(list[i], queryPosition);
                    } else {
                        visit(list[i], low, high, false, visitor, queryPosition);
                    }
                }
            }
        }
    }

    /** Index of the first posting of an entry numbered {@code minEntry} or more. */
    private static int firstFrom(long[] list, int size, int minEntry) {
        if (minEntry <= 0 || size == 0) {
            return 0;
        }
        int low = 0;
        int high = size;
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (entry(list[middle]) < minEntry) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
    }

    private static void visit(long posting, int low, int high, boolean shortOnly, Visitor visitor,
            int queryPosition) {
        int length = length(posting);
        if (length >= low && length <= high && !(shortOnly && extra(posting))) {
            visitor.visit(posting, queryPosition);
        }
    }

    private void band() {
        banded = new long[2 * BANDS][];
        bandSizes = new int[2 * BANDS];
        for (int i = 0; i < flatSize; i++) {
            addBanded(flat[i]);
        }
        flat = null;
        flatSize = 0;
    }

    private void addBanded(long posting) {
        int list = 2 * BAND_OF_LENGTH[length(posting)] + (extra(posting) ? 1 : 0);
        long[] postings = banded[list];
        int size = bandSizes[list];
        if (postings == null) {
            postings = new long[8];
            banded[list] = postings;
        } else if (postings.length == size) {
            postings = Arrays.copyOf(postings, size * 2);
            banded[list] = postings;
        }
        postings[size] = posting;
        bandSizes[list] = size + 1;
    }

    /** Receives the postings a query element at {@code queryPosition} matches. */
    interface Visitor {
        void visit(long posting, int queryPosition);
    }
}
