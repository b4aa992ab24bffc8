package dev.seedloop.benchmarks;

import dev.seedloop.embedding.GraphVectors;
import dev.seedloop.embedding.InProcessEmbedder;
import dev.seedloop.embedding.TieredVectors;
import dev.seedloop.embedding.VectorIndex;
import dev.seedloop.embedding.Vectors;
import dev.seedloop.testkit.SharedData;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * The nearest-neighbour index the semantic rule judges with (beyond the exact scan of small pools): a pool of N
 * vectors, then candidates judged one at a time on one thread (nearest pool vector, scored exactly), against the exact
 * scan on a sample for recall; each search walks the graph with the sign codes (the judge's) and, for comparison in
 * the same run, with the float vectors.
 * The vectors: real embeddings (bge-small-en-v1.5) of Alpaca instructions, and perturbed copies of them to reach N
 * (each copy is its source plus Gaussian noise, normalised; about half the candidates are near copies of a pool
 * vector, as a pool's paraphrases would be).
 * <p>
 * {@code benchmarks/run vectors [--pool N] [--candidates M] [--threshold T] [--copies mix|noise] [--spread S]
 * [--connections C] [--beam B] [--search-width W,W,...] [--entries E,E,...]} (copies: a mix of two real embeddings,
 * up to half way, plus noise of S (default 0.1), which stays near the real data, or a real embedding plus isotropic
 * noise of S, a share of its length (0.6 puts a copy at about cosine 0.86 from its source); C and B: the graph's
 * links a vector and beam while linking; W: candidates a search keeps, measured beside the judge's width for the
 * pool's size; E: nodes of the layer above the bottom one a walk starts from, measured beside Lucene's one and the
 * judge's)
 */
public final class VectorIndexBenchmark {

    private VectorIndexBenchmark() {
    }

    public static void main(String[] args) {
        int poolSize = intOption(args, "--pool", 100_000);
        int candidates = intOption(args, "--candidates", 10_000);
        double threshold = Double.parseDouble(option(args, "--threshold", "0.86"));
        String copies = option(args, "--copies", "mix");
        double spread = Double.parseDouble(option(args, "--spread", copies.equals("mix") ? "0.1" : "0.6"));
        List<float[]> real = realEmbeddings();
        Random random = new Random(11);
        List<Integer> widths = new ArrayList<>();
        for (String width : option(args, "--search-width", "").split(",")) {
            if (!width.isBlank()) {
                widths.add(Integer.parseInt(width.trim()));
            }
        }
        List<Integer> entries = new ArrayList<>();
        for (String count : option(args, "--entries", "").split(",")) {
            if (!count.isBlank()) {
                entries.add(Integer.parseInt(count.trim()));
            }
        }
        GraphVectors.Shape shape = new GraphVectors.Shape(
                intOption(args, "--connections", GraphVectors.Shape.DEFAULT.connections()),
                intOption(args, "--beam", GraphVectors.Shape.DEFAULT.beamWidth()),
                GraphVectors.Shape.DEFAULT.searchWidth(), GraphVectors.Shape.DEFAULT.entries());
        TieredVectors index = new TieredVectors(InProcessEmbedder.DIMENSION, TieredVectors.GRAPH_FROM, shape);
        VectorIndex exact = index.exactScan();
        long heapBefore = usedHeap();
        long started = System.nanoTime();
        for (int i = 0; i < poolSize; i++) {
            float[] vector = i < real.size() ? real.get(i) : copies.equals("mix")
                    ? mixed(real.get(random.nextInt(real.size())), real.get(random.nextInt(real.size())), spread, random)
                    : perturbed(real.get(random.nextInt(real.size())), spread, random);
            index.add(vector);
        }
        GraphVectors graph = index.graph();
        double buildSeconds = (System.nanoTime() - started) / 1e9;
        long heapAfter = usedHeap();
        System.out.printf(Locale.ROOT, "vector index: pool %,d vectors of %d dimensions (%,d real embeddings of "
                        + "Alpaca instructions, the rest perturbed copies), %d links a vector, beam %d, %d cores, Java %s%n",
                poolSize, InProcessEmbedder.DIMENSION, real.size(), shape.connections(), shape.beamWidth(),
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"));
        System.out.printf(Locale.ROOT, "  built in %.1f s (%,.0f vectors/s, one thread); heap used %,d MB for "
                        + "the graph and the sign codes, %,d MB of direct memory for the float vectors; max heap %,d MB%n",
                buildSeconds, poolSize / buildSeconds, (heapAfter - heapBefore) / (1024 * 1024),
                directMemory() / (1024 * 1024), Runtime.getRuntime().maxMemory() / (1024 * 1024));

        List<float[]> queries = new ArrayList<>(candidates);
        for (int i = 0; i < candidates; i++) {
            queries.add(i % 2 == 0 ? perturbed(index.vector(random.nextInt(poolSize)), 0.3, random)
                    : perturbed(real.get(random.nextInt(real.size())), 1.2, random));
        }
        int sample = Math.min(1000, candidates);
        long exactStarted = System.nanoTime();
        List<float[]> duplicatesInSample = IntStream.range(0, sample).parallel()
                .filter(i -> exact.nearest(queries.get(i), 1).get(0).cosine() >= threshold)
                .mapToObj(queries::get).toList();
        System.out.printf(Locale.ROOT, "  the exact scan finds %,d of %,d sampled candidates at or above %.2f, at "
                        + "%,.0f candidates/s on all cores%n", duplicatesInSample.size(), sample, threshold,
                sample / ((System.nanoTime() - exactStarted) / 1e9));
        widths.add(0, graph.searchWidth());
        System.out.printf(Locale.ROOT, "  the judge's search keeps %d at this size, walking from %d entries%n",
                graph.searchWidth(), graph.entries());
        for (int width : widths) {
            // the baseline: Lucene's own search (one entry), walking with floats and with codes
            for (GraphVectors.Walk walk : GraphVectors.Walk.values()) {
                judge(graph, walk, width, 1, queries, threshold, duplicatesInSample);
            }
            if (graph.entries() > 1) {
                judge(graph, GraphVectors.Walk.SIGN_CODES, width, graph.entries(), queries, threshold,
                        duplicatesInSample);
            }
            for (int count : entries) {
                judge(graph, GraphVectors.Walk.SIGN_CODES, width, count, queries, threshold, duplicatesInSample);
            }
        }
    }

    private static void judge(GraphVectors graph, GraphVectors.Walk walk, int width, int entries, List<float[]> queries,
            double threshold, List<float[]> duplicatesInSample) {
        for (int i = 0; i < Math.min(2000, queries.size()); i++) {
            graph.nearest(queries.get(i), 1, walk, width, entries);
        }
        int duplicates = 0;
        long started = System.nanoTime();
        for (float[] query : queries) {
            List<VectorIndex.Neighbour> nearest = graph.nearest(query, 1, walk, width, entries);
            if (!nearest.isEmpty() && nearest.get(0).cosine() >= threshold) {
                duplicates++;
            }
        }
        double judgeSeconds = (System.nanoTime() - started) / 1e9;
        System.out.printf(Locale.ROOT, "  keeping %d, walking with %s from %d entries: judged %,d candidates in "
                + "%.2f s: %,.0f candidates/s on one thread; %,d at or above cosine %.2f%n", width, walk, entries,
                queries.size(), judgeSeconds, queries.size() / judgeSeconds, duplicates, threshold);

        int found = 0;
        int foundWider = 0;
        for (float[] query : duplicatesInSample) {
            if (graph.nearest(query, 1, walk, width, entries).get(0).cosine() >= threshold) {
                found++;
            } else if (graph.nearest(query, 1, GraphVectors.Walk.FLOATS, 1000).get(0).cosine() >= threshold) {
                foundWider++;
            }
        }
        System.out.printf(Locale.ROOT, "    recall: %,d of the %,d (%.4f); of the %d missed, a search with floats "
                        + "keeping 1,000 finds %d%n", found, duplicatesInSample.size(),
                duplicatesInSample.isEmpty() ? 1.0 : (double) found / duplicatesInSample.size(),
                duplicatesInSample.size() - found, foundWider);
    }

    /** bge-small-en-v1.5 vectors of 2,000 real Alpaca instructions, the seeds every other vector is made from. */
    static List<float[]> realEmbeddings() {
        List<String> texts = SharedData.field("alpaca_5000.jsonl", "instruction").subList(0, 2000);
        List<float[]> real = new ArrayList<>();
        try (InProcessEmbedder embedder = new InProcessEmbedder(Runtime.getRuntime().availableProcessors())) {
            for (int from = 0; from < texts.size(); from += 64) {
                real.addAll(embedder.embed(texts.subList(from, Math.min(texts.size(), from + 64))));
            }
        }
        return real;
    }

    /** A point between two real embeddings (up to half way), plus a little noise: copies that stay near the data. */
    static float[] mixed(float[] first, float[] second, double spread, Random random) {
        double weight = random.nextDouble() * 0.5;
        float[] vector = new float[first.length];
        for (int i = 0; i < first.length; i++) {
            vector[i] = (float) ((1 - weight) * first[i] + weight * second[i]);
        }
        return perturbed(Vectors.unit(vector), spread, random);
    }

    static float[] perturbed(float[] base, double spread, Random random) {
        float[] vector = new float[base.length];
        double scale = spread / Math.sqrt(base.length);
        for (int i = 0; i < base.length; i++) {
            vector[i] = (float) (base[i] + random.nextGaussian() * scale);
        }
        return Vectors.unit(vector);
    }

    static long directMemory() {
        return ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(pool -> pool.getName().equals("direct")).mapToLong(BufferPoolMXBean::getMemoryUsed).sum();
    }

    static long usedHeap() {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }

    private static String option(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }

    private static int intOption(String[] args, String name, int fallback) {
        return Integer.parseInt(option(args, name, Integer.toString(fallback)));
    }
}
