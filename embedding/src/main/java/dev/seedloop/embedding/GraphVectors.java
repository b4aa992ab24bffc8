package dev.seedloop.embedding;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.lucene.codecs.hnsw.DefaultFlatVectorScorer;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.KnnCollector;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.SparseFixedBitSet;
import org.apache.lucene.util.hnsw.HnswGraphBuilder;
import org.apache.lucene.util.hnsw.HnswGraphSearcher;
import org.apache.lucene.util.hnsw.NeighborQueue;
import org.apache.lucene.util.hnsw.OnHeapHnswGraph;
import org.apache.lucene.util.hnsw.RandomVectorScorer;

/**
 * Approximate nearest neighbours in a hierarchical navigable small-world graph, Lucene's ({@code
 * org.apache.lucene.util.hnsw}, kept and tuned by the Lucene project, as Elasticsearch and OpenSearch use it),
 * built one vector at a time in memory, linking each new vector by the exact dot products of the float vectors. A
 * search walks the graph by the vectors' sign codes ({@link SignCodes}: 48 bytes a vector instead of 1.5 KB, the
 * dot product estimated to a few hundredths), which is what makes it fast once the vectors no longer fit in the
 * processor's cache. The graph only proposes: the best half of a walk's proposals (at least {@value #RESCORED})
 * are scored again exactly (the dot product of the two unit vectors) before anything is reported, and removed
 * vectors are filtered out during the search. How often the graph misses a vector the exact scan finds (recall) is
 * measured in the tests and the benchmark against {@link ExactVectors}. From 400,000 vectors the walk through
 * the bottom layer starts from several nodes of the layer above ({@link #entries()}).
 */
public final class GraphVectors implements VectorIndex {

    /**
     * Links per node and candidates kept while linking: twice Lucene's defaults (16 and 100). The better linked
     * graph finds more of the duplicates in a narrower search (at 100,000 vectors, keeping 32: all of them, against
     * 0.996 with a beam of 100 and 0.99 with 16 links), for about twice the time to link a vector.
     */
    static final int MAX_CONNECTIONS = 32;
    static final int BEAM_WIDTH = 200;
    /**
     * Candidates a search keeps in a graph of up to {@value #WIDTH_FROM} vectors; beyond, in proportion to the square
     * root of its size (76 at a million), since a larger graph needs a wider search for the same recall.
     */
    static final int SEARCH_WIDTH = 24;
    static final int WIDTH_FROM = 100_000;
    /**
     * Nodes of the layer above the bottom one that start a search's walk through the bottom layer, once the graph
     * holds {@value #ENTRIES_FROM} vectors: Lucene descends to one, and at a million vectors a walk from one stops
     * short of 2% of the duplicates whatever its width; from the 32 nearest of that layer, 0.8%, at the same speed
     * (docs/BENCHMARKS.md). At 100,000 a walk from one finds them all, and 32 would cost a quarter of the speed.
     */
    static final int ENTRIES = 32;
    static final int ENTRIES_FROM = 400_000;
    /**
     * Proposals of a walk with codes scored exactly: the best by their estimates (their error is a few hundredths),
     * at least this many and half of what the search kept.
     */
    static final int RESCORED = 16;
    private static final long SEED = 42;

    private final VectorStore store;
    private final HnswGraphBuilder builder;
    private final SignCodes codes;
    private final int searchWidth;
    private final int entries;

    /**
     * How a graph is made and searched: up to {@code connections} links a vector, {@code beamWidth} candidates kept
     * while linking one, {@code searchWidth} kept while searching a graph of up to 100,000 vectors, more beyond, and
     * a search's walk through the bottom layer started from the {@code entries} nearest nodes of the layer above
     * once the graph holds 400,000 vectors (more of each: better recall, slower).
     */
    public record Shape(int connections, int beamWidth, int searchWidth, int entries) {

        /** The judge's. */
        public static final Shape DEFAULT = new Shape(MAX_CONNECTIONS, BEAM_WIDTH, SEARCH_WIDTH, ENTRIES);

        public Shape {
            if (connections < 2 || beamWidth < 1 || searchWidth < 1 || entries < 1) {
                throw new IllegalArgumentException("a graph needs at least 2 links a vector, and a beam, a search "
                        + "and entries of at least 1: " + connections + ", " + beamWidth + ", " + searchWidth + ", "
                        + entries);
            }
        }
    }

    /** What a search walks the graph with; every vector it proposes is scored again exactly either way. */
    public enum Walk {
        /** The exact dot product of the float vectors (1.5 KB read a step at 384 dimensions). */
        FLOATS,
        /** The centred sign codes ({@link SignCodes}: 48 bytes a step), the judge's. */
        SIGN_CODES
    }

    public GraphVectors(int dimension) {
        this(new VectorStore(dimension), Shape.DEFAULT);
    }

    /**
     * A graph over the vectors {@code store} holds already (each linked in ordinal order; removed ones stay out of
     * every search), sharing the store from then on.
     */
    GraphVectors(VectorStore store, Shape shape) {
        this.searchWidth = shape.searchWidth();
        this.entries = shape.entries();
        this.store = store;
        try {
            this.builder = HnswGraphBuilder.create(DefaultFlatVectorScorer.INSTANCE.getRandomVectorScorerSupplier(
                    VectorSimilarityFunction.DOT_PRODUCT, store), shape.connections(), shape.beamWidth(), SEED);
            for (int ordinal = 0; ordinal < store.size(); ordinal++) {
                builder.addGraphNode(ordinal);
            }
            this.codes = new SignCodes(store);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A copy of the vector at {@code ordinal}. */
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
        codes.add(vector);
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
        return nearest(query, count, Walk.SIGN_CODES);
    }

    /** {@link #nearest(float[], int)}, walking the graph with {@code walk} (benchmarks compare the two). */
    public List<Neighbour> nearest(float[] query, int count, Walk walk) {
        return nearest(query, count, walk, searchWidth());
    }

    /** Candidates a search keeps at the graph's present size (the shape's width, growing beyond 100,000). */
    public int searchWidth() {
        return (int) Math.ceil(searchWidth * Math.sqrt(Math.max(1.0, store.size() / (double) WIDTH_FROM)));
    }

    /** {@link #nearest(float[], int, Walk)}, keeping {@code searchWidth} candidates in this search. */
    public List<Neighbour> nearest(float[] query, int count, Walk walk, int searchWidth) {
        return nearest(query, count, walk, searchWidth, entries());
    }

    /** Nodes a search's walk through the bottom layer starts from at the graph's size: the shape's from 400,000. */
    public int entries() {
        return store.size() >= ENTRIES_FROM ? entries : 1;
    }

    /**
     * {@link #nearest(float[], int, Walk, int)}, starting the walk through the bottom layer from the {@code entries}
     * nodes of the layer above nearest the query (1: Lucene's own search, which descends to one).
     */
    public List<Neighbour> nearest(float[] query, int count, Walk walk, int searchWidth, int entries) {
        if (count <= 0 || store.size() == 0) {
            return List.of();
        }
        try {
            OnHeapHnswGraph graph = builder.getGraph();
            RandomVectorScorer scorer = walk == Walk.SIGN_CODES ? codes.scorer(query)
                    : DefaultFlatVectorScorer.INSTANCE.getRandomVectorScorer(VectorSimilarityFunction.DOT_PRODUCT,
                            store, query);
            int[] hits;
            if (entries <= 1) {
                KnnCollector found = HnswGraphSearcher.search(scorer, Math.max(count, searchWidth), graph,
                        store.liveOrdinals(), Integer.MAX_VALUE);
                hits = Arrays.stream(found.topDocs().scoreDocs).mapToInt(hit -> hit.doc).toArray();
            } else {
                hits = walk(scorer, graph, Math.max(count, searchWidth), entries);
            }
            List<Neighbour> neighbours = new ArrayList<>();
            int rescored = walk == Walk.SIGN_CODES
                    ? Math.min(hits.length, Math.max(count, Math.max(RESCORED, searchWidth / 2))) : hits.length;
            for (int hit : Arrays.copyOf(hits, rescored)) {
                neighbours.add(new Neighbour(hit, store.dot(query, hit)));
            }
            neighbours.sort(Comparator.comparingDouble(Neighbour::cosine).reversed()
                    .thenComparingInt(Neighbour::ordinal));
            return neighbours.size() > count ? List.copyOf(neighbours.subList(0, count)) : neighbours;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Lucene's walk down the layers, except that the layer above the bottom one is searched keeping {@code entries}
     * nodes, all of which start the bottom layer's walk: the live nodes found, best first.
     */
    private int[] walk(RandomVectorScorer scorer, OnHeapHnswGraph graph, int width, int entries) throws IOException {
        HnswGraphSearcher searcher = new HnswGraphSearcher(new NeighborQueue(width, true),
                new SparseFixedBitSet(graph.size()));
        int[] starts = {graph.entryNode()};
        for (int level = graph.numLevels() - 1; level >= 1; level--) {
            starts = searcher.searchLevel(scorer, level == 1 ? entries : 1, level, starts, graph)
                    .popUntilNearestKNodes();
        }
        HnswGraphBuilder.GraphBuilderKnnCollector found = searcher.searchLevel(scorer, width, 0, starts, graph);
        found.popUntilNearestKNodes();
        int[] best = new int[found.size()];
        int live = 0;
        Bits alive = store.liveOrdinals();
        while (found.size() > 0) {
            int node = found.popNode();
            if (alive == null || alive.get(node)) {
                best[live++] = node;
            }
        }
        int[] hits = new int[live];
        for (int i = 0; i < live; i++) {
            hits[i] = best[live - 1 - i];
        }
        return hits;
    }
}
