package dev.seedloop.benchmarks;

import dev.seedloop.embedding.EmbeddingRecords;
import dev.seedloop.kafka.embedded.EmbeddedKafkaBroker;
import dev.seedloop.runtime.config.KafkaSettings;
import dev.seedloop.runtime.kafka.KafkaClients;
import dev.seedloop.runtime.kafka.TopicProvisioner;
import dev.seedloop.schemas.AvroSerde;
import dev.seedloop.schemas.InstructionId;
import dev.seedloop.schemas.TopicRegistry;
import dev.seedloop.schemas.avro.Instance;
import dev.seedloop.schemas.avro.PoolEntry;
import dev.seedloop.schemas.avro.Provenance;
import dev.seedloop.schemas.avro.Source;
import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The data tools over a large pool, as a user runs them: the packaged command in its own JVM with a 512 MiB heap
 * against the embedded broker, over N pool entries shaped like real ones (a synthetic instruction, one instance with
 * an output of a few sentences, a 384-dimension vector: about 2 KB a record), added in shuffled time order (so the
 * export must sort), some of them written twice and some deleted (so it must compact). Measures {@code export}.
 * <p>
 * {@code benchmarks/run pool-tools [--pool N] [--heap 512m] [--jar launcher/target/seedloop.jar]}
 */
public final class PoolToolsBenchmark {

    private PoolToolsBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        // Records with nested records are built here, before any serde has trusted the classes
        AvroSerde.trustRecords();
        int poolSize = Integer.parseInt(option(args, "--pool", "1000000"));
        String heap = option(args, "--heap", "512m");
        Path jar = Path.of(option(args, "--jar", "launcher/target/seedloop.jar")).toAbsolutePath();
        Path work = Files.createTempDirectory("seedloop-pool-tools-bench");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(work.resolve("broker"))) {
            KafkaClients clients = new KafkaClients(KafkaSettings.forBootstrap(broker.bootstrapServers()));
            TopicRegistry topics = clients.settings().topics();
            TopicProvisioner.provision(clients, "benchmark");
            System.out.printf(Locale.ROOT, "# the data tools in their own JVM (-Xmx%s) against the embedded broker; "
                    + "%d cores, Java %s%n", heap, Runtime.getRuntime().availableProcessors(),
                    System.getProperty("java.version"));
            long started = System.nanoTime();
            long[] written = produce(clients, topics, poolSize);
            System.out.printf(Locale.ROOT, "Wrote %,d pool records (%,d MB): %,d entries, %,d of them written twice, "
                    + "%,d deleted, in %.1f s.%n", written[0], written[1] >> 20, poolSize, written[2], written[3],
                    (System.nanoTime() - started) / 1e9);
            long expected = poolSize - written[3];

            Path out = work.resolve("export.jsonl");
            double seconds = run(jar, heap, work, "export", "--format", "alpaca", "--out", out.toString(),
                    "--bootstrap-servers", broker.bootstrapServers());
            long rows = 0;
            String previous = "";
            boolean ordered = true;
            try (BufferedReader reader = Files.newBufferedReader(out, StandardCharsets.UTF_8)) {
                String line;
                while ((line = reader.readLine()) != null) {
                    rows++;
                    int at = line.indexOf("\"added_at\":\"") + 12;
                    String added = line.substring(at, line.indexOf('"', at));
                    ordered &= added.compareTo(previous) >= 0;
                    previous = added;
                }
            }
            System.out.printf(Locale.ROOT, "export: %.1f s end to end, %,d rows (expected %,d), in time order: %s, "
                    + "%,d MB written.%n", seconds, rows, expected, ordered, Files.size(out) >> 20);
        }
    }

    private static double run(Path jar, String heap, Path work, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx" + heap, "-jar", jar.toString()));
        command.addAll(List.of(arguments));
        Path output = work.resolve(arguments[0] + ".out");
        long started = System.nanoTime();
        Process process = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
        if (!process.waitFor(30, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException(arguments[0] + " did not end within 30 minutes");
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        Files.readAllLines(output, StandardCharsets.UTF_8).forEach(line -> System.out.println("  | " + line));
        if (process.exitValue() != 0) {
            throw new IllegalStateException(arguments[0] + " failed with exit status " + process.exitValue());
        }
        return seconds;
    }

    /** Records written, bytes, entries written twice, entries deleted. */
    private static long[] produce(KafkaClients clients, TopicRegistry topics, int poolSize) {
        Map<String, Object> config = clients.producer("benchmark");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024);
        SyntheticInstructions lines = new SyntheticInstructions(9, 0.0);
        Random random = new Random(13);
        Instant base = Instant.parse("2026-01-01T00:00:00Z");
        long[] counts = new long[4];
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < poolSize; i++) {
                String instruction = lines.next() + " #" + i;
                String id = InstructionId.of(instruction);
                int copies = i % 50 == 0 ? 2 : 1;
                for (int copy = 0; copy < copies; copy++) {
                    float[] vector = new float[384];
                    for (int d = 0; d < vector.length; d++) {
                        vector[d] = (float) random.nextGaussian();
                    }
                    PoolEntry entry = PoolEntry.newBuilder().setId(id).setInstruction(instruction)
                            .setInstances(List.of(new Instance("", lines.next() + " " + lines.next() + " "
                                    + lines.next())))
                            .setSource(i % 3 == 0 ? Source.HUMAN_DATASET : Source.MACHINE)
                            .setProvenance(Provenance.newBuilder().setDatasetName("synthetic").build())
                            .setAddedAt(base.plusSeconds(random.nextInt(30 * 24 * 3600)))
                            .setEmbedding(EmbeddingRecords.of("in-process:bge-small-en-v1.5-q", vector, null)).build();
                    byte[] value = topics.pool().valueSerde().serializer().serialize(topics.pool().name(), entry);
                    producer.send(new ProducerRecord<>(topics.pool().name(), id, value));
                    counts[0]++;
                    counts[1] += value.length;
                }
                if (copies == 2) {
                    counts[2]++;
                }
                if (i % 100 == 7) {
                    producer.send(new ProducerRecord<>(topics.pool().name(), id, null));
                    counts[0]++;
                    counts[3]++;
                }
            }
            producer.flush();
        }
        return counts;
    }

    private static String option(String[] args, String name, String fallback) {
        List<String> list = new ArrayList<>(List.of(args));
        int at = list.indexOf(name);
        return at >= 0 && at + 1 < list.size() ? list.get(at + 1) : fallback;
    }
}
