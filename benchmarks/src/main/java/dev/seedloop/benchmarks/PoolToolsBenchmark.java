package dev.seedloop.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.seedloop.embedding.EmbeddingRecords;
import dev.seedloop.kafka.embedded.EmbeddedKafkaBroker;
import dev.seedloop.runtime.config.KafkaSettings;
import dev.seedloop.runtime.kafka.KafkaClients;
import dev.seedloop.runtime.kafka.TopicProvisioner;
import dev.seedloop.schemas.AvroSerde;
import dev.seedloop.schemas.InstructionId;
import dev.seedloop.schemas.Topic;
import dev.seedloop.schemas.TopicRegistry;
import dev.seedloop.schemas.avro.AcceptedInstruction;
import dev.seedloop.schemas.avro.CandidateInstruction;
import dev.seedloop.schemas.avro.Example;
import dev.seedloop.schemas.avro.Instance;
import dev.seedloop.schemas.avro.PoolEntry;
import dev.seedloop.schemas.avro.Provenance;
import dev.seedloop.schemas.avro.Rejection;
import dev.seedloop.schemas.avro.RejectionStage;
import dev.seedloop.schemas.avro.Source;
import dev.seedloop.schemas.avro.SourceCoordinates;
import java.io.BufferedReader;
import java.io.BufferedWriter;
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
 * export must sort), some of them written twice and some deleted (so it must compact), and the loop's topics as
 * the loop would have left them for the machine-written entries (a candidate, an accepted instruction, a response and
 * an example each, and a rejected candidate for every fourth). Measures {@code export}, {@code audit} and
 * {@code report} over them, then {@code ingest} of N Alpaca-format lines into that pool.
 * <p>
 * {@code benchmarks/run pool-tools [--pool N] [--heap 512m] [--jar launcher/target/seedloop.jar]
 * [--tools export,audit,report,ingest]}
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
        List<String> tools = List.of(option(args, "--tools", "export,audit,report,ingest").split(","));
        Path work = Files.createTempDirectory("seedloop-pool-tools-bench");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(work.resolve("broker"))) {
            KafkaClients clients = new KafkaClients(KafkaSettings.forBootstrap(broker.bootstrapServers()));
            TopicRegistry topics = clients.settings().topics();
            TopicProvisioner.provision(clients, "benchmark");
            System.out.printf(Locale.ROOT, "# the data tools in their own JVM (-Xmx%s) against the embedded broker; "
                    + "%d cores, Java %s%n", heap, Runtime.getRuntime().availableProcessors(),
                    System.getProperty("java.version"));
            long started = System.nanoTime();
            long[] loop = new long[5];
            long[] written = produce(clients, topics, poolSize, loop);
            System.out.printf(Locale.ROOT, "Wrote %,d pool records (%,d MB): %,d entries, %,d of them written twice, "
                    + "%,d deleted, in %.1f s.%n", written[0], written[1] >> 20, poolSize, written[2], written[3],
                    (System.nanoTime() - started) / 1e9);
            long expected = poolSize - written[3];
            System.out.printf(Locale.ROOT, "And the loop's topics: %,d candidates, %,d accepted instructions, %,d "
                    + "responses, %,d examples, %,d rejections.%n", loop[0], loop[1], loop[2], loop[3], loop[4]);
            String bootstrap = broker.bootstrapServers();
            if (tools.contains("export")) {
                export(jar, heap, work, bootstrap, expected);
            }
            if (tools.contains("audit")) {
                double seconds = run(jar, heap, work, Map.of(), List.of(0, 1), "audit", "--bootstrap-servers",
                        bootstrap);
                System.out.printf(Locale.ROOT, "audit: %.1f s end to end.%n", seconds);
            }
            if (tools.contains("report")) {
                Path page = work.resolve("report.html");
                double seconds = run(jar, heap, work, Map.of(), List.of(0), "report", "--out", page.toString(),
                        "--bootstrap-servers", bootstrap);
                System.out.printf(Locale.ROOT, "report: %.1f s end to end, %,d KB page.%n", seconds,
                        Files.size(page) >> 10);
            }
            if (tools.contains("ingest")) {
                Path file = work.resolve("alpaca.jsonl");
                long bytes = writeAlpaca(file, poolSize);
                // Embedding a million texts in process takes about 40 minutes on 2 cores (BENCHMARKS.md): measured
                // apart; here the ingest itself
                double seconds = run(jar, heap, work, Map.of("SEEDLOOP_EMBEDDING_PROVIDER", "none"), List.of(0),
                        "ingest", "--format", "alpaca", "--in", file.toString(), "--bootstrap-servers", bootstrap);
                System.out.printf(Locale.ROOT, "ingest: %.1f s end to end for %,d lines (%,d MB).%n", seconds,
                        poolSize, bytes >> 20);
            }
        }
    }

    private static void export(Path jar, String heap, Path work, String bootstrap, long expected) throws Exception {
        Path out = work.resolve("export.jsonl");
        double seconds = run(jar, heap, work, Map.of(), List.of(0), "export", "--format", "alpaca", "--out",
                out.toString(), "--bootstrap-servers", bootstrap);
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

    /** Runs the packaged command with {@code environment} added; its exit status must be one of {@code ok}. */
    private static double run(Path jar, String heap, Path work, Map<String, String> environment, List<Integer> ok,
            String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx" + heap, "-jar", jar.toString()));
        command.addAll(List.of(arguments));
        Path output = work.resolve(arguments[0] + ".out");
        long started = System.nanoTime();
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(30, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException(arguments[0] + " did not end within 30 minutes");
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        Files.readAllLines(output, StandardCharsets.UTF_8).forEach(line -> System.out.println("  | " + line));
        if (!ok.contains(process.exitValue())) {
            throw new IllegalStateException(arguments[0] + " failed with exit status " + process.exitValue());
        }
        return seconds;
    }

    /**
     * What the loop leaves for a machine-written entry: its candidate, the accepted instruction (the filter keeps a
     * score only above its floor: one in three here), the response and the example; and for every fourth a candidate
     * rejected as a near-duplicate. {@code counts}: candidates, accepted, responses, examples, rejections.
     */
    private static void loopRecords(KafkaProducer<String, byte[]> producer, TopicRegistry topics, int i,
            String instruction, String output, long[] counts) {
        Provenance provenance = Provenance.newBuilder().setMethod("self-instruct").setModel("synthetic").build();
        String id = InstructionId.of(instruction);
        String candidateId = "c" + i;
        Instant at = Instant.parse("2026-01-01T00:00:00Z").plusMillis(i * 10L);
        send(producer, topics.candidates(), candidateId, CandidateInstruction.newBuilder()
                .setCandidateId(candidateId).setInstructionId(id).setInstruction(instruction)
                .setProvenance(provenance).setGeneratedAt(at).build());
        send(producer, topics.instructions(), id, AcceptedInstruction.newBuilder().setInstructionId(id)
                .setCandidateId(candidateId).setInstruction(instruction).setProvenance(provenance)
                .setMaxRougeL(i % 3 == 1 ? 0.55 + (i % 15) / 100.0 : null).setConfigVersion("benchmark")
                .setSource(new SourceCoordinates(topics.candidates().name(), 0, counts[0]))
                .setAcceptedAt(at).build());
        counts[0]++;
        counts[1]++;
        Example example = Example.newBuilder().setInstructionId(id).setCandidateId(candidateId)
                .setInstruction(instruction).setInstances(List.of(new Instance("", output)))
                .setProvenance(provenance).setTruncated(false).setRespondedAt(at).build();
        send(producer, topics.responses(), id, example);
        counts[2]++;
        send(producer, topics.examples(), id, example);
        counts[3]++;
        if (i % 4 == 1) {
            String rejectedId = "r" + i;
            String duplicate = instruction + " again";
            send(producer, topics.candidates(), rejectedId, CandidateInstruction.newBuilder()
                    .setCandidateId(rejectedId).setInstructionId(InstructionId.of(duplicate))
                    .setInstruction(duplicate).setProvenance(provenance).setGeneratedAt(at).build());
            counts[0]++;
            send(producer, topics.rejections(), rejectedId, Rejection.newBuilder()
                    .setStage(RejectionStage.INSTRUCTION).setReason("near-duplicate")
                    .setDetail("ROUGE-L F 0.9 > 0.7 against pool entry " + id).setScore(0.9).setThreshold(0.7)
                    .setDuplicateOf(id).setConfigVersion("benchmark").setCandidateId(rejectedId)
                    .setInstruction(duplicate).setRejectedAt(at).build());
            counts[4]++;
        }
    }

    private static <V> void send(KafkaProducer<String, byte[]> producer, Topic<String, V> topic, String key,
            V value) {
        producer.send(new ProducerRecord<>(topic.name(), key, topic.valueSerde().serializer().serialize(topic.name(),
                value)));
    }

    /** {@code lines} Alpaca-format lines of new tasks; the file's size in bytes. */
    private static long writeAlpaca(Path file, int lines) throws Exception {
        SyntheticInstructions text = new SyntheticInstructions(21, 0.0);
        ObjectMapper json = new ObjectMapper();
        try (BufferedWriter writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 0; i < lines; i++) {
                writer.write(json.writeValueAsString(Map.of("instruction", text.next() + " (ingested " + i + ")",
                        "input", i % 2 == 0 ? "" : text.next(), "output", text.next() + " " + text.next())));
                writer.newLine();
            }
        }
        return Files.size(file);
    }

    /**
     * The pool; returns records written, bytes, entries written twice, entries deleted. With each machine-written
     * entry, the loop's records that made it ({@link #loopRecords}), counted into {@code loop}.
     */
    private static long[] produce(KafkaClients clients, TopicRegistry topics, int poolSize, long[] loop) {
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
                String output = null;
                for (int copy = 0; copy < copies; copy++) {
                    float[] vector = new float[384];
                    for (int d = 0; d < vector.length; d++) {
                        vector[d] = (float) random.nextGaussian();
                    }
                    output = lines.next() + " " + lines.next() + " " + lines.next();
                    PoolEntry entry = PoolEntry.newBuilder().setId(id).setInstruction(instruction)
                            .setInstances(List.of(new Instance("", output)))
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
                if (i % 3 != 0) {
                    loopRecords(producer, topics, i, instruction, output, loop);
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
