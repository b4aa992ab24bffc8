package dev.seedloop.tools.snapshot;

import com.carrotsearch.hppc.BitMixer;

/**
 * A record key (a candidate or instruction id) as 64 bits, so that a tool can remember millions of keys in a few
 * bytes each (hppc's primitive sets and maps) instead of as strings. Two different keys share a hash with a
 * probability of about n²/2⁶⁵: for ten million keys, one chance in 370,000.
 */
public final class KeyHash {

    private KeyHash() {
    }

    /** FNV-1a over the key's UTF-16 units, then MurmurHash3's finaliser (hppc's {@code BitMixer}). */
    public static long of(String key) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < key.length(); i++) {
            h = (h ^ key.charAt(i)) * 0x100000001b3L;
        }
        return BitMixer.mix64(h);
    }
}
