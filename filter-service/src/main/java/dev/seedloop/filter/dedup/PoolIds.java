package dev.seedloop.filter.dedup;

import java.util.Arrays;

/**
 * Instruction ids (32 hex digits, 128 bits) to entry numbers, in open addressing over primitive arrays: a
 * million ids take about 40 MB, a third of what a map of strings would.
 */
public final class PoolIds {

    private long[] highs = new long[1024];
    private long[] lows = new long[1024];
    private int[] entries = filledWithMinusOne(1024);
    private int size;
    private long[] entryHigh = new long[1024];
    private long[] entryLow = new long[1024];

    /** The entry of {@code id}, or -1. */
    public int get(String id) {
        long high = high(id);
        long low = low(id);
        int slot = find(high, low);
        return entries[slot];
    }

    /** Records {@code id} as entry {@code entry}. */
    public void put(String id, int entry) {
        if ((size + 1) * 2 > entries.length) {
            grow();
        }
        long high = high(id);
        long low = low(id);
        int slot = find(high, low);
        if (entries[slot] < 0) {
            size++;
        }
        highs[slot] = high;
        lows[slot] = low;
        entries[slot] = entry;
        if (entryHigh.length <= entry) {
            entryHigh = Arrays.copyOf(entryHigh, Math.max(entry + 1, entryHigh.length * 2));
            entryLow = Arrays.copyOf(entryLow, entryHigh.length);
        }
        entryHigh[entry] = high;
        entryLow[entry] = low;
    }

    /** Forgets {@code id}; returns its entry, or -1. */
    public int remove(String id) {
        int slot = find(high(id), low(id));
        int entry = entries[slot];
        if (entry < 0) {
            return -1;
        }
        // Backward-shift deletion keeps every probe sequence unbroken.
        entries[slot] = -1;
        size--;
        int mask = entries.length - 1;
        int next = (slot + 1) & mask;
        while (entries[next] >= 0) {
            int home = home(highs[next], lows[next]);
            if (((next - home) & mask) >= ((next - slot) & mask)) {
                highs[slot] = highs[next];
                lows[slot] = lows[next];
                entries[slot] = entries[next];
                entries[next] = -1;
                slot = next;
            }
            next = (next + 1) & mask;
        }
        return entry;
    }

    /** The id of entry {@code entry}. */
    public String idOf(int entry) {
        return String.format("%016x%016x", entryHigh[entry], entryLow[entry]);
    }

    public int size() {
        return size;
    }

    private int find(long high, long low) {
        int mask = entries.length - 1;
        int slot = home(high, low);
        while (entries[slot] >= 0 && (highs[slot] != high || lows[slot] != low)) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    private int home(long high, long low) {
        long mixed = (high ^ (low * 0x9E3779B97F4A7C15L));
        return (int) (mixed ^ (mixed >>> 29)) & (entries.length - 1);
    }

    private void grow() {
        long[] oldHighs = highs;
        long[] oldLows = lows;
        int[] oldEntries = entries;
        highs = new long[oldEntries.length * 2];
        lows = new long[oldEntries.length * 2];
        entries = filledWithMinusOne(oldEntries.length * 2);
        for (int i = 0; i < oldEntries.length; i++) {
            if (oldEntries[i] >= 0) {
                int slot = find(oldHighs[i], oldLows[i]);
                highs[slot] = oldHighs[i];
                lows[slot] = oldLows[i];
                entries[slot] = oldEntries[i];
            }
        }
    }

    private static int[] filledWithMinusOne(int length) {
        int[] array = new int[length];
        Arrays.fill(array, -1);
        return array;
    }

    private static long high(String id) {
        checkId(id);
        return Long.parseUnsignedLong(id, 0, 16, 16);
    }

    private static long low(String id) {
        return Long.parseUnsignedLong(id, 16, 32, 16);
    }

    private static void checkId(String id) {
        if (id.length() != 32) {
            throw new IllegalArgumentException("not an instruction id (32 hex digits): " + id);
        }
    }
}
