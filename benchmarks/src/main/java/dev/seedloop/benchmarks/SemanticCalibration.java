package dev.seedloop.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.e5smallv2q.E5SmallV2QuantizedEmbeddingModel;
import dev.seedloop.embedding.Embedder;
import dev.seedloop.embedding.InProcessEmbedder;
import dev.seedloop.embedding.Vectors;
import dev.seedloop.testkit.SharedData;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * Calibrates the semantic-duplicate threshold on ../shared/data/semantic_dev_pairs.jsonl: 50 Alpaca instructions,
 * each with a hand-written paraphrase (the same task reworded, ROUGE-L under 0.6: the ROUGE-L rule keeps it) and a
 * hand-written negative (the same topic, another task). For each in-process model: how well cosine separates the
 * two kinds (AUC), precision and recall of "cosine at or above t rejects" at several t, and embedding throughput on
 * 600 Alpaca instructions in batches. The shipped model and default threshold are chosen from this output.
 * <p>
 * {@code benchmarks/run semantic}
 */
public final class SemanticCalibration {

    private static final double[] THRESHOLDS = {0.80, 0.82, 0.84, 0.86, 0.88, 0.90, 0.92, 0.94, 0.96};

    private SemanticCalibration() {
    }

    public static void main(String[] args) {
        List<JsonNode> pairs = SharedData.jsonLines("semantic_dev_pairs.jsonl");
        List<String> instructions = SharedData.field("alpaca_5000.jsonl", "instruction").subList(0, 600);
        System.out.printf(Locale.ROOT, "semantic calibration: %d pairs (%d paraphrases), %d cores, Java %s%n",
                pairs.size(), pairs.stream().filter(SemanticCalibration::paraphrase).count(),
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        int threads = Runtime.getRuntime().availableProcessors();
        try (InProcessEmbedder shipped = new InProcessEmbedder(threads)) {
            report("bge-small-en-v1.5-q (shipped)", shipped, pairs, instructions);
        }
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        try {
            report("all-MiniLM-L6-v2-q", langchain4j("in-process:all-minilm-l6-v2-q",
                    new AllMiniLmL6V2QuantizedEmbeddingModel(executor), text -> text), pairs, instructions);
            // e5 is trained with a "query: " prefix on symmetric tasks
            report("e5-small-v2-q", langchain4j("in-process:e5-small-v2-q",
                    new E5SmallV2QuantizedEmbeddingModel(executor), text -> "query: " + text), pairs, instructions);
        } finally {
            executor.shutdownNow();
        }
    }

    private static void report(String name, Embedder embedder, List<JsonNode> pairs, List<String> instructions) {
        List<Double> positives = new ArrayList<>();
        List<Double> negatives = new ArrayList<>();
        for (JsonNode pair : pairs) {
            List<float[]> vectors = embedder.embed(List.of(pair.path("a").asText(), pair.path("b").asText()));
            (paraphrase(pair) ? positives : negatives).add(Vectors.dot(vectors.get(0), vectors.get(1)));
        }
        embedder.embed(instructions.subList(0, 32));
        long started = System.nanoTime();
        for (int from = 0; from < instructions.size(); from += 64) {
            embedder.embed(instructions.subList(from, Math.min(instructions.size(), from + 64)));
        }
        double perSecond = instructions.size() / ((System.nanoTime() - started) / 1e9);
        System.out.printf(Locale.ROOT, "%n%s: AUC %.3f, paraphrase cosine mean %.3f (min %.3f), negative mean %.3f "
                        + "(max %.3f); %.0f instructions/s in batches of 64%n", name, auc(positives, negatives),
                mean(positives), positives.stream().mapToDouble(d -> d).min().orElse(0), mean(negatives),
                negatives.stream().mapToDouble(d -> d).max().orElse(0), perSecond);
        System.out.println("  threshold  rejects paraphrases (recall)  rejects negatives  precision");
        for (double threshold : THRESHOLDS) {
            long caught = positives.stream().filter(c -> c >= threshold).count();
            long wrong = negatives.stream().filter(c -> c >= threshold).count();
            System.out.printf(Locale.ROOT, "  %9.2f  %13d/%d (%.2f)  %17d  %9s%n", threshold, caught, positives.size(),
                    (double) caught / positives.size(), wrong,
                    caught + wrong == 0 ? "-" : String.format(Locale.ROOT, "%.2f", (double) caught / (caught + wrong)));
        }
    }

    private static boolean paraphrase(JsonNode pair) {
        return pair.path("kind").asText().equals("paraphrase");
    }

    /** The chance that a paraphrase pair scores above a negative pair (ties count half). */
    private static double auc(List<Double> positives, List<Double> negatives) {
        double wins = 0;
        for (double p : positives) {
            for (double n : negatives) {
                wins += p > n ? 1 : p == n ? 0.5 : 0;
            }
        }
        return wins / (positives.size() * (double) negatives.size());
    }

    private static double mean(List<Double> values) {
        return values.stream().mapToDouble(d -> d).average().orElse(0);
    }

    /** A langchain4j model as an embedder, for the comparison only. */
    private static Embedder langchain4j(String model, EmbeddingModel embeddings, Function<String, String> prefix) {
        return new Embedder() {
            @Override
            public String model() {
                return model;
            }

            @Override
            public int dimension() {
                return embeddings.dimension();
            }

            @Override
            public List<float[]> embed(List<String> texts) {
                List<TextSegment> segments = texts.stream().map(text -> TextSegment.from(prefix.apply(text))).toList();
                return embeddings.embedAll(segments).content().stream().map(e -> Vectors.unit(e.vector())).toList();
            }
        };
    }
}
