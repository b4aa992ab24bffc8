package dev.seedloop.filter.contamination;

import dev.seedloop.filter.dedup.RougeTokenizer;
import java.util.Arrays;

/**
 * A text's tokens as 64-bit hashes with their places in the text, made without a string per token: the project's
 * tokens ({@link RougeTokenizer}: lower case, runs of letters, marks and digits, each Han, kana or Thai character a
 * token of its own), except that an apostrophe between two letters stays in its word ({@code Janet's}, {@code
 * Janet’s} and {@code Janets} are one token), so a changed quote mark does not change the tokens. Reused from text
 * to text; not for sharing between threads.
 */
final class TokenHashes {

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private long[] hashes = new long[64];
    private int[] starts = new int[64];
    private int[] ends = new int[64];
    private boolean[] weak = new boolean[64];
    private int size;

    /** Reads the tokens of {@code text} in place of the last text's. */
    TokenHashes read(String text) {
        size = 0;
        long hash = FNV_OFFSET;
        int start = -1;
        int i = 0;
        int length = text.length();
        while (i < length) {
            int codePoint = text.codePointAt(i);
            int width = Character.charCount(codePoint);
            if (RougeTokenizer.isSingleCharacterScript(codePoint)) {
                if (start >= 0) {
                    add(hash, start, i, weak(text, start, i));
                    start = -1;
                }
                add(mix(FNV_OFFSET ^ Character.toLowerCase(codePoint)) * FNV_PRIME, i, i + width, false);
            } else if (RougeTokenizer.isWordCharacter(codePoint)) {
                if (start < 0) {
                    start = i;
                    hash = FNV_OFFSET;
                }
                hash = (hash ^ Character.toLowerCase(codePoint)) * FNV_PRIME;
            } else if (start >= 0 && isApostrophe(codePoint) && i + width < length
                    && RougeTokenizer.isWordCharacter(text.codePointAt(i + width))) {
                // inside a word: neither a character of the token nor the end of it
            } else if (start >= 0) {
                add(hash, start, i, weak(text, start, i));
                start = -1;
            }
            i += width;
        }
        if (start >= 0) {
            add(hash, start, length, weak(text, start, length));
        }
        return this;
    }

    int size() {
        return size;
    }

    long hash(int token) {
        return hashes[token];
    }

    /** Where the token starts in the text (a char index). */
    int start(int token) {
        return starts[token];
    }

    /** Where the token ends in the text (exclusive). */
    int end(int token) {
        return ends[token];
    }

    /**
     * Whether the token says little on its own: a number, or a single letter of a script written with spaces (a
     * variable name, a list marker). A single Han or kana character is a word and is not weak.
     */
    boolean weak(int token) {
        return weak[token];
    }

    /** The hashes in place, valid up to {@link #size()} until the next {@link #read}. */
    long[] view() {
        return hashes;
    }

    /** A copy of the hashes. */
    long[] hashes() {
        return Arrays.copyOf(hashes, size);
    }

    private void add(long hash, int start, int end, boolean weakToken) {
        if (size == hashes.length) {
            hashes = Arrays.copyOf(hashes, size * 2);
            starts = Arrays.copyOf(starts, size * 2);
            ends = Arrays.copyOf(ends, size * 2);
            weak = Arrays.copyOf(weak, size * 2);
        }
        hashes[size] = mix(hash);
        starts[size] = start;
        ends[size] = end;
        weak[size] = weakToken;
        size++;
    }

    private static boolean weak(String text, int start, int end) {
        if (text.codePointCount(start, end) == 1) {
            return true;
        }
        for (int i = start; i < end; i++) {
            if (!Character.isDigit(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isApostrophe(int codePoint) {
        return codePoint == '\'' || codePoint == '\u2019' || codePoint == '\u02bc';
    }

    /** MurmurHash3's finaliser: FNV's low bits are weak, and n-gram hashes combine them. */
    private static long mix(long hash) {
        long h = hash;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
