package dev.seedloop.embedding;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.BitSet;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.hnsw.RandomAccessVectorValues;

/**
 * Vectors by ordinal, 4 bytes a dimension, kept off the Java heap in direct buffers of {@value #CHUNK} vectors
 * each (1.5 GB for a million vectors of 384 dimensions, which the heap then need not hold: the judge's heap keeps
 * the graph, the sign codes and the lexical index), and which of them were removed; read by Lucene's HNSW graph as
 * its vector values. What both indexes share. Every reader ({@link #copy()}) shares the vectors and has its own
 * array to read one into, as Lucene's own off-heap vector values do.
 */
final class VectorStore implements RandomAccessVectorValues.Floats {

    /** Vectors a direct buffer holds (24 MB at 384 dimensions). */
    static final int CHUNK = 1 << 14;

    private final Table table;
    private final float[] scratch;

    VectorStore(int dimension) {
        this(new Table(dimension));
    }

    private VectorStore(Table table) {
        this.table = table;
        this.scratch = new float[table.dimension];
    }

    /** The vectors, the removed set and the size, shared by every reader. */
    private static final class Table {
        final int dimension;
        final BitSet removed = new BitSet();
        FloatBuffer[] chunks = new FloatBuffer[8];
        int size;

        Table(int dimension) {
            this.dimension = dimension;
        }
    }

    int add(float[] vector) {
        Table t = table;
        if (vector.length != t.dimension) {
            throw new IllegalArgumentException("a vector of " + vector.length + " dimensions in an index of "
                    + t.dimension);
        }
        for (float value : vector) {
            if (!Float.isFinite(value)) {
                throw new IllegalArgumentException("a vector with a value that is not a number");
            }
        }
        int chunk = t.size / CHUNK;
        if (chunk == t.chunks.length) {
            t.chunks = Arrays.copyOf(t.chunks, t.chunks.length * 2);
        }
        if (t.chunks[chunk] == null) {
            t.chunks[chunk] = ByteBuffer.allocateDirect(CHUNK * t.dimension * Float.BYTES)
                    .order(ByteOrder.nativeOrder()).asFloatBuffer();
        }
        t.chunks[chunk].put((t.size % CHUNK) * t.dimension, vector);
        return t.size++;
    }

    /** A copy of the vector at {@code ordinal}. */
    float[] get(int ordinal) {
        float[] vector = new float[table.dimension];
        read(ordinal, vector);
        return vector;
    }

    /**
     * The dot product of {@code query} with the vector at {@code ordinal}, summed in the same order and precision
     * as {@link Vectors#dot}, so a score does not depend on which index computed it.
     */
    double dot(float[] query, int ordinal) {
        Table t = table;
        FloatBuffer chunk = t.chunks[ordinal / CHUNK];
        int from = (ordinal % CHUNK) * t.dimension;
        double sum = 0;
        for (int i = 0; i < t.dimension; i++) {
            sum += (double) query[i] * chunk.get(from + i);
        }
        return sum;
    }

    private void read(int ordinal, float[] into) {
        if (ordinal < 0 || ordinal >= table.size) {
            throw new IllegalArgumentException("no vector " + ordinal + " (the index holds " + table.size + ")");
        }
        table.chunks[ordinal / CHUNK].get((ordinal % CHUNK) * table.dimension, into);
    }

    /** Marks {@code ordinal} removed; its slot is never reused. */
    void remove(int ordinal) {
        if (ordinal < 0 || ordinal >= table.size) {
            throw new IllegalArgumentException("no vector " + ordinal + " (the index holds " + table.size + ")");
        }
        table.removed.set(ordinal);
    }

    boolean removed(int ordinal) {
        return table.removed.get(ordinal);
    }

    /** The vectors added and not removed. */
    int live() {
        return table.size - table.removed.cardinality();
    }

    /** The live ordinals as Lucene's searches filter them; null while none was removed. */
    Bits liveOrdinals() {
        if (table.removed.isEmpty()) {
            return null;
        }
        Table t = table;
        return new Bits() {
            @Override
            public boolean get(int index) {
                return !t.removed.get(index);
            }

            @Override
            public int length() {
                return t.size;
            }
        };
    }

    @Override
    public int size() {
        return table.size;
    }

    @Override
    public int dimension() {
        return table.dimension;
    }

    /** The vector at {@code ordinal} in this reader's own array, valid until its next read. */
    @Override
    public float[] vectorValue(int ordinal) {
        read(ordinal, scratch);
        return scratch;
    }

    /** Another reader of the same vectors, with its own array to read into. */
    @Override
    public VectorStore copy() {
        return new VectorStore(table);
    }
}
