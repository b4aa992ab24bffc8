package dev.seedloop.embedding;

import java.util.List;

/**
 * The index a judge keeps: the exact scan while the pool is small (every decision exact, and the same however the
 * pool was built, so a restart or a replay decides as the live judge did), then, from {@code graphFrom} vectors on,
 * Lucene's HNSW graph over the same vectors ({@link GraphVectors}: hits rescored exactly, recall measured), built
 * once from what the scan held.
 */
public final class TieredVectors implements VectorIndex {

    /** Below this many vectors the exact scan is both exact and fast enough (about a millisecond a candidate). */
    public static final int GRAPH_FROM = 4096;

    private final VectorStore store;
    private final int graphFrom;
    private final GraphVectors.Shape shape;
    private final ExactVectors exact;
    private GraphVectors graph;

    public TieredVectors(int dimension) {
        this(dimension, GRAPH_FROM, GraphVectors.Shape.DEFAULT);
    }

    /** An index whose graph, from {@code graphFrom} vectors on, has {@code shape} (benchmarks vary it). */
    public TieredVectors(int dimension, int graphFrom, GraphVectors.Shape shape) {
        this.store = new VectorStore(dimension);
        this.graphFrom = graphFrom;
        this.shape = shape;
        this.exact = new ExactVectors(store);
    }

    @Override
    public int add(float[] vector) {
        if (graph != null) {
            return graph.add(vector);
        }
        int ordinal = exact.add(vector);
        if (store.size() >= graphFrom) {
            graph = new GraphVectors(store, shape);
        }
        return ordinal;
    }

    @Override
    public void remove(int ordinal) {
        store.remove(ordinal);
    }

    @Override
    public int size() {
        return store.live();
    }

    @Override
    public List<Neighbour> nearest(float[] query, int count) {
        return graph == null ? exact.nearest(query, count) : graph.nearest(query, count);
    }

    /** Whether searches use the graph yet. */
    public boolean approximate() {
        return graph != null;
    }

    /** The graph, once searches use it (benchmarks compare its walks); null before. */
    public GraphVectors graph() {
        return graph;
    }

    /** A copy of the vector at {@code ordinal}. */
    public float[] vector(int ordinal) {
        return store.get(ordinal);
    }

    /** The exact scan over this index's own vectors, sharing them (what recall is measured with). */
    public VectorIndex exactScan() {
        return new ExactVectors(store);
    }
}
