package dev.seedloop.benchmarks;

import dev.seedloop.kafka.embedded.EmbeddedKafkaBroker;
import dev.seedloop.runtime.config.KafkaSettings;
import dev.seedloop.runtime.kafka.KafkaClients;
import dev.seedloop.runtime.kafka.TopicProvisioner;
import dev.seedloop.schemas.InstructionId;
import dev.seedloop.schemas.TopicRegistry;
import dev.seedloop.schemas.avro.CandidateInstruction;
import dev.seedloop.schemas.avro.PoolEntry;
import dev.seedloop.schemas.avro.Provenance;
import dev.seedloop.schemas.avro.Source;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * filter-service as it runs in production: its own JVM (heap capped, default -Xmx512m) reading from a real
 * broker (embedded here), every rule on, exactly-once. Measures how fast it takes in a pool, candidates per second
 * end to end against that pool, and the time a restart takes to be ready again with the pool in its store.
 * Options: --pool, --candidates, --heap, --jar.
 */
public final class StreamsFilterBenchmark {

    private static final String APPLICATION = "seedloop-filter";

    private StreamsFilterBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].substring(2), args[i + 1]);
        }
        int poolSize = Integer.parseInt(options.getOrDefault("pool", "1000000"));
        int candidates = Integer.parseInt(options.getOrDefault("candidates", "100000"));
        String heap = options.getOrDefault("heap", "512m");
        Path jar = Path.of(options.getOrDefault("jar", "launcher/target/seedloop.jar")).toAbsolutePath();
        Path work = Files.createTempDirectory("seedloop-streams-bench");

        SyntheticInstructions lines = new SyntheticInstructions(1, 0.1, 0.7);
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(work.resolve("broker"))) {
            KafkaClients clients = new KafkaClients(KafkaSettings.forBootstrap(broker.bootstrapServers()));
            TopicRegistry topics = clients.settings().topics();
            TopicProvisioner.provision(clients, "benchmark");
            System.out.printf(Locale.ROOT, "# filter-service in its own JVM (-Xmx%s), every rule on, exactly_once_v2, "
                    + "embedded broker; %d cores%n%n", heap, Runtime.getRuntime().availableProcessors());

            long started = System.nanoTime();
            produce(clients, topics.pool().name(), poolEntries(lines.next(poolSize), topics));
            List<ProducerRecord<String, byte[]>> firstCandidates = candidates(lines.next(candidates), topics, "a");
            System.out.printf(Locale.ROOT, "Wrote a pool of %,d instructions in %.1f s.%n", poolSize, seconds(started));

            int port = freePort();
            Path state = work.resolve("filter-state");
            Process filter = startFilter(jar, heap, broker.bootstrapServers(), state, port, work.resolve("first.log"));
            try {
                long start = System.nanoTime();
                awaitReady(port, Duration.ofMinutes(2));
                double ready = seconds(start);
                awaitCommitted(clients, topics.pool().name(), Duration.ofMinutes(20));
                double absorbed = seconds(start);
                System.out.printf(Locale.ROOT, "First start: ready in %.1f s; the %,d pool records taken in after "
                        + "%.1f s (%,.0f records/s).%n", ready, poolSize, absorbed, poolSize / absorbed);
                measureCandidates(clients, topics, firstCandidates, "against the pool just taken in");
                System.out.printf(Locale.ROOT, "Heap in use (Micrometer, JVM heap pools): %d MiB of %s allowed.%n",
                        heapUsed(port) >> 20, heap);
            } finally {
                stop(filter);
            }

            List<ProducerRecord<String, byte[]>> secondCandidates = candidates(lines.next(candidates), topics, "b");
            Process restarted = startFilter(jar, heap, broker.bootstrapServers(), state, port,
                    work.resolve("second.log"));
            try {
                long start = System.nanoTime();
                awaitReady(port, Duration.ofMinutes(2));
                System.out.printf(Locale.ROOT, "Restart with the pool in the store: ready (RUNNING) in %.1f s; %s.%n",
                        seconds(start), rebuildLine(work.resolve("second.log")));
                measureCandidates(clients, topics, secondCandidates, "after the restart");
                System.out.printf(Locale.ROOT, "Heap in use after the restart: %d MiB of %s allowed.%n",
                        heapUsed(port) >> 20, heap);
            } finally {
                stop(restarted);
            }
        }
    }

    private static void measureCandidates(KafkaClients clients, TopicRegistry topics,
            List<ProducerRecord<String, byte[]>> records, String when) throws Exception {
        long start = System.nanoTime();
        produce(clients, topics.candidates().name(), records);
        awaitCommitted(clients, topics.candidates().name(), Duration.ofMinutes(20));
        double elapsed = seconds(start);
        System.out.printf(Locale.ROOT, "%,d candidates judged %s: %.1f s, %,.0f candidates/s end to end "
                + "(written, judged, verdicts committed).%n", records.size(), when, elapsed, records.size() / elapsed);
    }

    static List<ProducerRecord<String, byte[]>> poolEntries(List<String> lines, TopicRegistry topics) {
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>(lines.size());
        Instant now = Instant.now();
        for (String line : lines) {
            String id = InstructionId.of(line);
            PoolEntry entry = PoolEntry.newBuilder().setId(id).setInstruction(line).setSource(Source.HUMAN_DATASET)
                    .setProvenance(Provenance.newBuilder().setDatasetName("synthetic").build()).setAddedAt(now)
                    .build();
            records.add(new ProducerRecord<>(topics.pool().name(), id,
                    topics.pool().valueSerde().serializer().serialize(topics.pool().name(), entry)));
        }
        return records;
    }

    static List<ProducerRecord<String, byte[]>> candidates(List<String> lines, TopicRegistry topics,
            String batch) {
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>(lines.size());
        Instant now = Instant.now();
        for (int i = 0; i < lines.size(); i++) {
            String id = batch + "-" + i;
            CandidateInstruction candidate = CandidateInstruction.newBuilder().setCandidateId(id)
                    .setInstructionId(InstructionId.of(lines.get(i))).setInstruction(lines.get(i))
                    .setProvenance(Provenance.newBuilder().setMethod("benchmark").build()).setGeneratedAt(now)
                    .build();
            records.add(new ProducerRecord<>(topics.candidates().name(), id,
                    topics.candidates().valueSerde().serializer().serialize(topics.candidates().name(), candidate)));
        }
        return records;
    }

    static void produce(KafkaClients clients, String topic, List<ProducerRecord<String, byte[]>> records) {
        Map<String, Object> config = clients.producer("benchmark");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(),
                new ByteArraySerializer())) {
            records.forEach(producer::send);
            producer.flush();
        }
    }

    private static Process startFilter(Path jar, String heap, String bootstrap, Path state, int port, Path log)
            throws IOException {
        return startFilter(jar, heap, bootstrap, state, port, log, Map.of());
    }

    /** The packaged filter command in its own JVM, the lexical rules on, with {@code settings} added. */
    static Process startFilter(Path jar, String heap, String bootstrap, Path state, int port, Path log,
            Map<String, String> settings) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx" + heap, "-jar", jar.toString(), "filter", "--bootstrap-servers", bootstrap,
                "--set", "filter.state-dir=" + state, "--set", "http.port=" + port, "--set", "http.host=127.0.0.1",
                // the lexical judge is measured here; the semantic one in benchmarks/run vectors and semantic
                "--set", "filter.semantic-duplicate.enabled=false"));
        settings.forEach((key, value) -> {
            command.add("--set");
            command.add(key + "=" + value);
        });
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("SEEDLOOP_") || name.startsWith("OPENAI_"));
        return builder.start();
    }

    static void stop(Process process) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    static void awaitReady(int port, Duration timeout) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/ready")).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("filter-service not ready within " + timeout);
    }

    private static long heapUsed(int port) throws Exception {
        String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/metrics")).build(), HttpResponse.BodyHandlers.ofString())
                .body();
        Matcher matcher = Pattern.compile("jvm_memory_used_bytes\\{area=\"heap\"[^}]*} ([0-9.E]+)").matcher(metrics);
        double total = 0;
        while (matcher.find()) {
            total += Double.parseDouble(matcher.group(1));
        }
        return (long) total;
    }

    private static void awaitCommitted(KafkaClients clients, String topic, Duration timeout) throws Exception {
        TopicPartition partition = new TopicPartition(topic, 0);
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(clients.admin("benchmark"))) {
            long end = admin.listOffsets(Map.of(partition, org.apache.kafka.clients.admin.OffsetSpec.latest()))
                    .all().get().get(partition).offset();
            while (System.nanoTime() < deadline) {
                OffsetAndMetadata committed = admin.listConsumerGroupOffsets(APPLICATION)
                        .partitionsToOffsetAndMetadata().get().get(partition);
                if (committed != null && committed.offset() >= end) {
                    return;
                }
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException(topic + " not consumed within " + timeout);
    }

    private static String rebuildLine(Path log) throws IOException {
        return Files.readAllLines(log).stream().filter(line -> line.contains("pool index rebuilt")).reduce((a, b) -> b)
                .map(line -> line.substring(line.indexOf("pool index rebuilt")))
                .orElse("no index rebuild logged");
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
