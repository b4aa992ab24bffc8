package dev.seedloop.filter.dedup;

import dev.seedloop.embedding.ExactVectors;
import dev.seedloop.embedding.TieredVectors;
import dev.seedloop.embedding.VectorIndex;
import java.util.List;
import java.util.Optional;

/**
 * The pool's vectors of one model, by instruction id, in a nearest-neighbour index: the exact scan while the pool is
 * small and Lucene's HNSW graph beyond (every hit scored again exactly), or the exact scan throughout for tests and
 * benchmarks. Vectors of other models
 * never enter.
 */
public final class PoolVectors {

    private final String model;
    private final int dimension;
    private final VectorIndex index;
    private final PoolIds ids = new PoolIds();

    /**
     * The judge's index of vectors of {@code model}, each of {@code dimension} numbers: exact while the pool is small,
     * Lucene's HNSW graph from {@link TieredVectors#GRAPH_FROM} vectors on.
     */
    public static PoolVectors graph(String model, int dimension) {
        return new PoolVectors(model, dimension, new TieredVectors(dimension));
    }

    /** The exact scan: slow on a large pool, never misses. */
    public static PoolVectors exact(String model, int dimension) {
        return new PoolVectors(model, dimension, new ExactVectors(dimension));
    }

    private PoolVectors(String model, int dimension, VectorIndex index) {
        this.model = model;
        this.dimension = dimension;
        this.index = index;
    }

    /** The pool entry nearest a vector, and its cosine similarity. */
    public record Nearest(String id, double cosine) {
    }

    public String model() {
        return model;
    }

    public int dimension() {
        return dimension;
    }

    /** Adds the vector of pool entry {@code id}; false (and nothing added) when the id has one already. */
    public boolean add(String id, float[] vector) {
        if (ids.get(id) >= 0) {
            return false;
        }
        ids.put(id, index.add(vector));
        return true;
    }

    /** Removes pool entry {@code id}'s vector; false when it had none. */
    public boolean remove(String id) {
        int ordinal = ids.remove(id);
        if (ordinal < 0) {
            return false;
        }
        index.remove(ordinal);
        return true;
    }

    public boolean contains(String id) {
        return ids.get(id) >= 0;
    }

    /** The nearest pool vector to {@code vector}, scored exactly; empty for an empty pool. */
    public Optional<Nearest> nearest(float[] vector) {
        List<VectorIndex.Neighbour> found = index.nearest(vector, 1);
        return found.isEmpty() ? Optional.empty()
                : Optional.of(new Nearest(ids.idOf(found.get(0).ordinal()), found.get(0).cosine()));
    }

    public int size() {
        return index.size();
    }
}
