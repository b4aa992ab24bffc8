package dev.seedloop.benchmarks;

import dev.seedloop.embedding.GraphVectors;
import dev.seedloop.embedding.InProcessEmbedder;
import dev.seedloop.embedding.VectorIndex;
import dev.seedloop.embedding.Vectors;
import dev.seedloop.testkit.SharedData;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The nearest-neighbour index the semantic rule judges with (beyond the exact scan of small pools): a pool of N vectors, then candidates judged one
 * at a time on one thread (nearest pool vector, scored exactly), against the exact scan on a sample for recall.
 * The vectors: real embeddings (bge-small-en-v1.5) of Alpaca instructions, and perturbed copies of them to reach N
 * (each copy is its source plus Gaussian noise, normalised; about half the candidates are near copies of a pool
 * vector, as a pool's paraphrases would be).
 * <p>
 * {@code benchmarks/run vectors [--pool N] [--candidates M] [--threshold T] [--copies noise|mix] [--spread S]
 * [--search-width W]} (copies: a real embedding plus isotropic noise of S, a share of its length (0.6 puts a copy at
 * about cosine 0.86 from its source), or a mix of two real embeddings, up to half way, plus noise of S (default
 * 0.1), which stays near the real data; W: candidates a search keeps, 64 by default)
 */
public final class VectorIndexBenchmark {

    private VectorIndexBenchmark() {
    }

    public static void main(String[] args) {
        int poolSize = intOption(args, "--pool", 100_000);
        int candidates = intOption(args, "--candidates", 10_000);
        double threshold = Double.parseDouble(option(args, "--threshold", "0.86"));
        String copies = option(args, "--copies", "noise");
        double spread = Double.parseDouble(option(args, "--spread", copies.equals("mix") ? "0.1" : "0.6"));
        List<String> texts = SharedData.field("alpaca_5000.jsonl", "instruction").subList(0, 2000);
        List<float[]> real;
        try (InProcessEmbedder embedder = new InProcessEmbedder(Runtime.getRuntime().availableProcessors())) {
            real = new ArrayList<>();
            for (int from = 0; from < texts.size(); from += 64) {
                real.addAll(embedder.embed(texts.subList(from, Math.min(texts.size(), from + 64))));
            }
        }
        Random random = new Random(11);
        int searchWidth = intOption(args, "--search-width", 64);
        GraphVectors graph = new GraphVectors(InProcessEmbedder.DIMENSION, searchWidth);
        VectorIndex exact = graph.exactScan();
        long heapBefore = usedHeap();
        long started = System.nanoTime();
        for (int i = 0; i < poolSize; i++) {
            float[] vector = i < real.size() ? real.get(i) : copies.equals("mix")
                    ? mixed(real.get(random.nextInt(real.size())), real.get(random.nextInt(real.size())), spread, random)
                    : perturbed(real.get(random.nextInt(real.size())), spread, random);
            graph.add(vector);
        }
        double buildSeconds = (System.nanoTime() - started) / 1e9;
        long heapAfter = usedHeap();
        System.out.printf(Locale.ROOT, "vector index: pool %,d vectors of %d dimensions (%,d real embeddings of "
                        + "Alpaca instructions, the rest perturbed copies), %d cores, Java %s%n", poolSize,
                InProcessEmbedder.DIMENSION, real.size(), Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"));
        System.out.printf(Locale.ROOT, "  built in %.1f s (%,.0f vectors/s, one thread); heap used %,d MB for "
                + "the vectors (a float[] each) and the graph%n", buildSeconds, poolSize / buildSeconds,
                (heapAfter - heapBefore) / (1024 * 1024));

        List<float[]> queries = new ArrayList<>(candidates);
        for (int i = 0; i < candidates; i++) {
            queries.add(i % 2 == 0 ? perturbed(graph.vector(random.nextInt(poolSize)), 0.3, random)
                    : perturbed(real.get(random.nextInt(real.size())), 1.2, random));
        }
        int duplicates = 0;
        started = System.nanoTime();
        for (float[] query : queries) {
            List<VectorIndex.Neighbour> nearest = graph.nearest(query, 1);
            if (!nearest.isEmpty() && nearest.get(0).cosine() >= threshold) {
                duplicates++;
            }
        }
        double judgeSeconds = (System.nanoTime() - started) / 1e9;
        System.out.printf(Locale.ROOT, "  judged %,d candidates in %.2f s: %,.0f candidates/s on one thread; %,d at or "
                + "above cosine %.2f%n", candidates, judgeSeconds, candidates / judgeSeconds, duplicates, threshold);

        int sample = Math.min(1000, candidates);
        int truth = 0;
        int found = 0;
        long exactStarted = System.nanoTime();
        for (int i = 0; i < sample; i++) {
            float[] query = queries.get(i);
            VectorIndex.Neighbour best = exact.nearest(query, 1).get(0);
            if (best.cosine() >= threshold) {
                truth++;
                VectorIndex.Neighbour proposed = graph.nearest(query, 1).get(0);
                if (proposed.cosine() >= threshold) {
                    found++;
                }
            }
        }
        double exactSeconds = (System.nanoTime() - exactStarted) / 1e9;
        System.out.printf(Locale.ROOT, "  recall on %,d sampled candidates: %,d of the %,d the exact scan finds at "
                        + "or above %.2f (%.4f); the exact scan runs at %,.0f candidates/s%n", sample, found, truth,
                threshold, truth == 0 ? 1.0 : (double) found / truth, sample / exactSeconds);
    }

    /** A point between two real embeddings (up to half way), plus a little noise: copies that stay near the data. */
    private static float[] mixed(float[] first, float[] second, double spread, Random random) {
        double weight = random.nextDouble() * 0.5;
        float[] vector = new float[first.length];
        for (int i = 0; i < first.length; i++) {
            vector[i] = (float) ((1 - weight) * first[i] + weight * second[i]);
        }
        return perturbed(Vectors.unit(vector), spread, random);
    }

    private static float[] perturbed(float[] base, double spread, Random random) {
        float[] vector = new float[base.length];
        double scale = spread / Math.sqrt(base.length);
        for (int i = 0; i < base.length; i++) {
            vector[i] = (float) (base[i] + random.nextGaussian() * scale);
        }
        return Vectors.unit(vector);
    }

    private static long usedHeap() {
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
