package dev.seedloop.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.seedloop.embedding.EmbeddingRecords;
import dev.seedloop.embedding.InProcessEmbedder;
import dev.seedloop.embedding.Vectors;
import dev.seedloop.launcher.cluster.Cluster;
import dev.seedloop.launcher.demo.Demo;
import dev.seedloop.launcher.demo.DemoOptions;
import dev.seedloop.runtime.config.KafkaSettings;
import dev.seedloop.runtime.kafka.KafkaClients;
import dev.seedloop.schemas.avro.PoolEntry;
import dev.seedloop.schemas.avro.Source;
import dev.seedloop.tools.snapshot.PoolSnapshot;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What drawing demonstrations to cover the pool does: the demo run twice to the same number of examples, from the
 * same seed tasks with the same generator seed and the same LLM (the simulated one unless OPENAI_API_KEY or
 * OPENAI_BASE_URL says otherwise), once with the random sampler and once with
 * the spreading one; for each, the instruction acceptance rate, the semantic-duplicate rejections, and the mean
 * nearest-neighbour cosine of the machine-written pool entries (each against every other pool entry, by the vectors
 * they carry; lower is more diverse).
 * <p>
 * {@code benchmarks/run diversity [--examples N]}
 */
public final class DiversityComparison {

    private DiversityComparison() {
    }

    public static void main(String[] args) throws Exception {
        int examples = args.length == 2 && args[0].equals("--examples") ? Integer.parseInt(args[1]) : 500;
        Path work = Files.createTempDirectory("seedloop-diversity");
        System.out.printf(Locale.ROOT, "diversity: the demo to %d examples with each sampler (seed 7, "
                + "self-instruct, the simulated LLM unless OPENAI_API_KEY or OPENAI_BASE_URL is set), %d cores, "
                + "Java %s%n", examples, Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"));
        System.out.println("| sampler | candidates | instructions accepted | semantic-duplicate | near-duplicate "
                + "| machine entries | mean nearest-neighbour cosine (machine) | (whole pool) |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        for (String sampler : List.of("random", "spread")) {
            Path dataDir = work.resolve(sampler);
            Path summary = work.resolve(sampler + ".json");
            Map<String, String> environment = new HashMap<>(System.getenv());
            environment.put("SEEDLOOP_GENERATOR_DEMONSTRATION_SAMPLER", sampler);
            environment.put("SEEDLOOP_GENERATOR_SEED", "7");
            int exit = new Demo(new DemoOptions(examples, dataDir, Optional.of(summary), Duration.ofMinutes(20),
                    environment,
                    "self-instruct", Optional.empty(), Optional.empty(), Optional.empty()), quiet()).run();
            if (exit != 0) {
                throw new IllegalStateException("the demo with sampler " + sampler + " ended with " + exit);
            }
            JsonNode run = new ObjectMapper().readTree(summary.toFile());
            List<PoolEntry> pool;
            try (Cluster cluster = Cluster.connect(Optional.empty(), dataDir, "diversity", quiet())) {
                pool = new ArrayList<>(PoolSnapshot.read(new KafkaClients(KafkaSettings.forBootstrap(
                        cluster.bootstrapServers())), "diversity").entries().values());
            }
            System.out.printf(Locale.ROOT, "| %s | %,d | %,d (%.0f%%) | %,d | %,d | %,d | %.4f | %.4f |%n", sampler,
                    run.path("candidates").asLong(), run.path("instructionsAccepted").asLong(),
                    100.0 * run.path("instructionsAccepted").asLong() / run.path("candidates").asLong(),
                    run.path("rejected").path("semantic-duplicate").asLong(),
                    run.path("rejected").path("near-duplicate").asLong(),
                    pool.stream().filter(entry -> entry.getSource() == Source.MACHINE).count(),
                    meanNearest(pool, true), meanNearest(pool, false));
        }
    }

    /** The mean, over the (machine) entries with a vector, of the highest cosine to any other pool entry. */
    private static double meanNearest(List<PoolEntry> pool, boolean machineOnly) {
        List<float[]> all = new ArrayList<>();
        List<Boolean> machine = new ArrayList<>();
        for (PoolEntry entry : pool) {
            EmbeddingRecords.vector(entry.getEmbedding(), InProcessEmbedder.MODEL).ifPresent(vector -> {
                all.add(vector);
                machine.add(entry.getSource() == Source.MACHINE);
            });
        }
        double sum = 0;
        int counted = 0;
        for (int i = 0; i < all.size(); i++) {
            if (machineOnly && !machine.get(i)) {
                continue;
            }
            double best = -1;
            for (int j = 0; j < all.size(); j++) {
                if (j != i) {
                    best = Math.max(best, Vectors.dot(all.get(i), all.get(j)));
                }
            }
            sum += best;
            counted++;
        }
        return counted == 0 ? Double.NaN : sum / counted;
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    }
}
