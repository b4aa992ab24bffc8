package dev.seedloop.embedding;

import java.util.Arrays;
import java.util.BitSet;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.hnsw.RandomAccessVectorValues;

/**
 * Vectors by ordinal, one {@code float[]} each (4 bytes a dimension, plus an array header), in a growing table, and
 * which of them were removed; read by Lucene's HNSW graph as its vector values. What both indexes share.
 */
final class VectorStore implements RandomAccessVectorValues.Floats {

    private final int dimension;
    private final BitSet removed = new BitSet();
    private float[][] vectors = new float[1024][];
    private int size;

    VectorStore(int dimension) {
        this.dimension = dimension;
    }

    int add(float[] vector) {
        if (vector.length != dimension) {
            throw new IllegalArgumentException("a vector of " + vector.length + " dimensions in an index of "
                    + dimension);
        }
        for (float value : vector) {
            if (!Float.isFinite(value)) {
                throw new IllegalArgumentException("a vector with a value that is not a number");
            }
        }
        if (size == vectors.length) {
            vectors = Arrays.copyOf(vectors, size * 2);
        }
        vectors[size] = vector.clone();
        return size++;
    }

    float[] get(int ordinal) {
        return vectors[ordinal];
    }

    /** Marks {@code ordinal} removed; its slot is never reused. */
    void remove(int ordinal) {
        if (ordinal < 0 || ordinal >= size) {
            throw new IllegalArgumentException("no vector " + ordinal + " (the index holds " + size + ")");
        }
        removed.set(ordinal);
    }

    boolean removed(int ordinal) {
        return removed.get(ordinal);
    }

    /** The vectors added and not removed. */
    int live() {
        return size - removed.cardinality();
    }

    /** The live ordinals as Lucene's searches filter them; null while none was removed. */
    Bits liveOrdinals() {
        if (removed.isEmpty()) {
            return null;
        }
        return new Bits() {
            @Override
            public boolean get(int index) {
                return !removed.get(index);
            }

            @Override
            public int length() {
                return size;
            }
        };
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public float[] vectorValue(int ordinal) {
        return vectors[ordinal];
    }

    /** The graph reads vectors by ordinal and never moves a cursor: one table serves every reader. */
    @Override
    public VectorStore copy() {
        return this;
    }
}
