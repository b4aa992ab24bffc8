package dev.seedloop.embedding;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.lucene.codecs.hnsw.DefaultFlatVectorScorer;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.KnnCollector;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.util.hnsw.HnswGraphBuilder;
import org.apache.lucene.util.hnsw.HnswGraphSearcher;
import org.apache.lucene.util.hnsw.OnHeapHnswGraph;
import org.apache.lucene.util.hnsw.RandomVectorScorer;

/**
 * Approximate nearest neighbours in a hierarchical navigable small-world graph, Lucene's ({@code
 * org.apache.lucene.util.hnsw}, kept and tuned by the Lucene project, as Elasticsearch and OpenSearch use it),
 * built one vector at a time in memory. The graph only proposes: each candidate it returns is scored again exactly
 * (the dot product of the two unit vectors) before it is reported, and removed vectors are filtered out during the
 * search. How often the graph misses a vector the exact scan finds (recall) is measured in the tests and the
 * benchmark against {@link ExactVectors}.
 */
public final class GraphVectors implements VectorIndex {

    /** Links per node (Lucene's default 16) and candidates kept while linking (its default 100). */
    static final int MAX_CONNECTIONS = 16;
    static final int BEAM_WIDTH = 100;
    /** Searched beyond what is asked for: a wider beam finds the true nearest more often. */
    static final int SEARCH_WIDTH = 64;
    private static final long SEED = 42;

    private final VectorStore store;
    private final HnswGraphBuilder builder;
    private final int searchWidth;

    public GraphVectors(int dimension) {
        this(dimension, SEARCH_WIDTH);
    }

    /** An index whose searches keep {@code searchWidth} candidates (more: better recall, slower). */
    public GraphVectors(int dimension, int searchWidth) {
        this(new VectorStore(dimension), searchWidth);
    }

    /**
     * A graph over the vectors {@code store} holds already (each linked in ordinal order; removed ones stay out of
     * every search), sharing the store from then on.
     */
    GraphVectors(VectorStore store, int searchWidth) {
        if (searchWidth < 1) {
            throw new IllegalArgumentException("a search keeps at least one candidate");
        }
        this.searchWidth = searchWidth;
        this.store = store;
        try {
            this.builder = HnswGraphBuilder.create(DefaultFlatVectorScorer.INSTANCE.getRandomVectorScorerSupplier(
                    VectorSimilarityFunction.DOT_PRODUCT, store), MAX_CONNECTIONS, BEAM_WIDTH, SEED);
            for (int ordinal = 0; ordinal < store.size(); ordinal++) {
                builder.addGraphNode(ordinal);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The vector at {@code ordinal}, as the index holds it (not a copy: not to be changed). */
    public float[] vector(int ordinal) {
        return store.get(ordinal);
    }

    /** The exact scan over this index's own vectors, sharing them (what tests and benchmarks measure recall with). */
    public VectorIndex exactScan() {
        return new ExactVectors(store);
    }

    @Override
    public int add(float[] vector) {
        int ordinal = store.add(vector);
        try {
            builder.addGraphNode(ordinal);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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
        if (count <= 0 || store.size() == 0) {
            return List.of();
        }
        try {
            OnHeapHnswGraph graph = builder.getGraph();
            RandomVectorScorer scorer = DefaultFlatVectorScorer.INSTANCE.getRandomVectorScorer(
                    VectorSimilarityFunction.DOT_PRODUCT, store, query);
            KnnCollector found = HnswGraphSearcher.search(scorer, Math.max(count, searchWidth), graph,
                    store.liveOrdinals(), Integer.MAX_VALUE);
            List<Neighbour> neighbours = new ArrayList<>();
            for (ScoreDoc hit : found.topDocs().scoreDocs) {
                neighbours.add(new Neighbour(hit.doc, Vectors.dot(query, store.get(hit.doc))));
            }
            neighbours.sort(Comparator.comparingDouble(Neighbour::cosine).reversed()
                    .thenComparingInt(Neighbour::ordinal));
            return neighbours.size() > count ? List.copyOf(neighbours.subList(0, count)) : neighbours;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
