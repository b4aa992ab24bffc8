package dev.seedloop.benchmarks;

import dev.seedloop.embedding.InProcessEmbedder;
import dev.seedloop.embedding.InstructionEmbedder;
import dev.seedloop.testkit.SharedData;
import java.util.List;
import java.util.Locale;

/**
 * The embedding step as the stages run it: {@link InstructionEmbedder} over the in-process model, Alpaca
 * instructions in batches of a generation unit's size (20) and of {@code embedding.batch-size} (64, 256), with the
 * model on 1 and on all cores. The first pass warms the model up and is not counted.
 * <p>
 * {@code benchmarks/run embedding [--texts N]}
 */
public final class EmbeddingBenchmark {

    private EmbeddingBenchmark() {
    }

    public static void main(String[] args) {
        int count = args.length == 2 && args[0].equals("--texts") ? Integer.parseInt(args[1]) : 2000;
        List<String> texts = SharedData.field("alpaca_5000.jsonl", "instruction").subList(0, count);
        int cores = Runtime.getRuntime().availableProcessors();
        System.out.printf(Locale.ROOT, "embedding %,d Alpaca instructions (mean %.0f characters), %d cores, Java %s%n",
                texts.size(), texts.stream().mapToInt(String::length).average().orElse(0), cores,
                System.getProperty("java.version"));
        for (int threads : cores == 1 ? new int[] {1} : new int[] {1, cores}) {
            try (InstructionEmbedder embedder = new InstructionEmbedder(new InProcessEmbedder(threads), 2048)) {
                embedder.embed(texts.subList(0, Math.min(200, texts.size())));
                for (int batch : new int[] {20, 64, 256}) {
                    long started = System.nanoTime();
                    for (int from = 0; from < texts.size(); from += batch) {
                        embedder.embed(texts.subList(from, Math.min(texts.size(), from + batch)));
                    }
                    double seconds = (System.nanoTime() - started) / 1e9;
                    System.out.printf(Locale.ROOT, "  threads %d, batch %3d: %,6.0f instructions/s%n", threads, batch,
                            texts.size() / seconds);
                }
            }
        }
    }
}
