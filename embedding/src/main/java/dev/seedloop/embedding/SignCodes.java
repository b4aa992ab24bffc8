package dev.seedloop.embedding;

import java.util.Arrays;
import org.apache.lucene.util.hnsw.RandomVectorScorer;

/**
 * One bit a dimension for every vector of a {@link VectorStore}: whether it lies above or below the centre of the
 * vectors the codes were started from, 48 bytes for 384 dimensions, and one scale. The graph search walks with
 * them: a query in floats against a code estimates the dot product ({@link #scorer}) at one cache line a vector
 * instead of reading 1.5 KB of floats. Centring first matters: sentence embeddings share a large common direction,
 * which would set the same bits in every code. Nothing is decided on a code alone; the graph's proposals are scored
 * again exactly.
 */
final class SignCodes {

    private final int dimension;
    private final int words;
    private final float[] centre;
    private long[] codes;
    /** Per vector: the squared length of its offset from the centre over the offset's L1 norm (see scorer). */
    private float[] scales;
    private int size;

    /** Codes for the vectors {@code store} holds, centred on their mean (on the origin while it holds none). */
    SignCodes(VectorStore store) {
        this.dimension = store.dimension();
        this.words = (dimension + Long.SIZE - 1) / Long.SIZE;
        this.centre = mean(store);
        this.codes = new long[Math.max(1024, store.size()) * words];
        this.scales = new float[Math.max(1024, store.size())];
        for (int ordinal = 0; ordinal < store.size(); ordinal++) {
            add(store.get(ordinal));
        }
    }

    /** Appends the code of the next vector (ordinals match the store's). */
    void add(float[] vector) {
        if (size == scales.length) {
            codes = Arrays.copyOf(codes, codes.length * 2);
            scales = Arrays.copyOf(scales, scales.length * 2);
        }
        encode(vector, codes, size * words);
        double squared = 0;
        double absolute = 0;
        for (int i = 0; i < dimension; i++) {
            double offset = vector[i] - centre[i];
            squared += offset * offset;
            absolute += Math.abs(offset);
        }
        scales[size] = absolute == 0 ? 0 : (float) (squared / absolute);
        size++;
    }

    int size() {
        return size;
    }

    /**
     * Scores vectors against {@code query} by their codes, estimating the dot product: the query's with the centre,
     * plus its dot product with the vector's signs scaled by the vector's {@code scales} entry (the estimate of
     * RaBitQ, Gao and Long 2024: the offset o from the centre is o's length times its direction, and the direction's
     * dot product with the query is estimated by the signs' over the signs' with the direction). The query stays in
     * floats; its dot product with any code is a sum of one table lookup per byte of the code, from tables made once
     * per query.
     */
    RandomVectorScorer scorer(float[] query) {
        int groups = words * Long.BYTES;
        float[] table = new float[groups * 256];
        double base = 0;
        for (int i = 0; i < dimension; i++) {
            base += (double) query[i] * centre[i];
        }
        float[] low = new float[16];
        float[] high = new float[16];
        for (int group = 0; group < groups; group++) {
            nibbleSums(query, group * 8, low);
            nibbleSums(query, group * 8 + 4, high);
            int offset = group * 256;
            for (int value = 0; value < 256; value++) {
                table[offset + value] = low[value & 15] + high[value >>> 4];
            }
        }
        float centred = (float) base;
        return new RandomVectorScorer() {
            @Override
            public float score(int ordinal) {
                int from = ordinal * words;
                float signs = 0;
                for (int word = 0; word < words; word++) {
                    long code = codes[from + word];
                    int offset = word * Long.BYTES * 256;
                    for (int octet = 0; octet < Long.BYTES; octet++) {
                        signs += table[offset + octet * 256 + (int) ((code >>> (octet * 8)) & 0xFF)];
                    }
                }
                return Math.max(0, 1 + centred + scales[ordinal] * signs);
            }

            @Override
            public int maxOrd() {
                return size;
            }
        };
    }

    /** For each 4-bit pattern, the sum of +query[i] for its set bits and -query[i] for its clear ones. */
    private void nibbleSums(float[] query, int from, float[] sums) {
        for (int value = 0; value < 16; value++) {
            float sum = 0;
            for (int bit = 0; bit < 4 && from + bit < dimension; bit++) {
                sum += (value & (1 << bit)) != 0 ? query[from + bit] : -query[from + bit];
            }
            sums[value] = sum;
        }
    }

    private void encode(float[] vector, long[] into, int from) {
        for (int word = 0; word < words; word++) {
            long bits = 0;
            int base = word * Long.SIZE;
            int end = Math.min(Long.SIZE, dimension - base);
            for (int bit = 0; bit < end; bit++) {
                if (vector[base + bit] > centre[base + bit]) {
                    bits |= 1L << bit;
                }
            }
            into[from + word] = bits;
        }
    }

    private static float[] mean(VectorStore store) {
        float[] mean = new float[store.dimension()];
        int counted = 0;
        for (int ordinal = 0; ordinal < store.size(); ordinal++) {
            if (store.removed(ordinal)) {
                continue;
            }
            float[] vector = store.get(ordinal);
            for (int i = 0; i < mean.length; i++) {
                mean[i] += vector[i];
            }
            counted++;
        }
        if (counted > 0) {
            for (int i = 0; i < mean.length; i++) {
                mean[i] /= counted;
            }
        }
        return mean;
    }
}
