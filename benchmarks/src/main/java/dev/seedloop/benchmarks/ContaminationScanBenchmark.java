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
import dev.seedloop.testkit.SharedData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * {@code seedloop contamination} over a large pool, as a user runs it: the packaged command in its own JVM with a
 * 512 MiB heap against the embedded broker, over N pool entries shaped like real ones (a synthetic instruction, one
 * instance with an output of a few sentences, a 384-dimension vector: about 2 KB a record), one in a thousand of
 * them a planted leak (a GSM8K test question as the instruction, or a HumanEval solution as the output). Reports
 * the scan's time and rate and whether it found exactly the planted leaks.
 * <p>
 * {@code benchmarks/run contamination-scan [--pool N] [--heap 512m] [--jar launcher/target/seedloop.jar]}
 */
public final class ContaminationScanBenchmark {

    private static final int LEAK_EVERY = 1000;

    private ContaminationScanBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        // Records with nested records are built here, before any serde has trusted the classes
        AvroSerde.trustRecords();
        int poolSize = Integer.parseInt(option(args, "--pool", "1000000"));
        String heap = option(args, "--heap", "512m");
        Path jar = Path.of(option(args, "--jar", "launcher/target/seedloop.jar")).toAbsolutePath();
        Path work = Files.createTempDirectory("seedloop-scan-bench");
        List<String> questions = SharedData.jsonLines("eval/gsm8k_test.jsonl").stream()
                .map(record -> record.path("question").asText()).toList();
        List<String> solutions = SharedData.jsonLines("eval/humaneval.jsonl").stream()
                .map(record -> record.path("prompt").asText() + record.path("canonical_solution").asText()).toList();
        SyntheticInstructions lines = new SyntheticInstructions(3, 0.0);
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(work.resolve("broker"))) {
            KafkaClients clients = new KafkaClients(KafkaSettings.forBootstrap(broker.bootstrapServers()));
            TopicRegistry topics = clients.settings().topics();
            TopicProvisioner.provision(clients, "benchmark");
            System.out.printf(Locale.ROOT, "# seedloop contamination in its own JVM (-Xmx%s) against the embedded "
                    + "broker; %d cores, Java %s%n", heap, Runtime.getRuntime().availableProcessors(),
                    System.getProperty("java.version"));
            long started = System.nanoTime();
            Set<String> planted = new HashSet<>();
            long bytes = produce(clients, topics, poolSize, lines, questions, solutions, planted);
            System.out.printf(Locale.ROOT, "Wrote a pool of %,d entries (%,d MB; %,d planted leaks) in %.1f s.%n",
                    poolSize, bytes >> 20, planted.size(), (System.nanoTime() - started) / 1e9);

            Path quotes = work.resolve("quotes.jsonl");
            List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx" + heap, "-jar", jar.toString(), "contamination", "--bootstrap-servers",
                    broker.bootstrapServers(), "--out", quotes.toString());
            Path output = work.resolve("scan.out");
            long scanStarted = System.nanoTime();
            Process scan = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start();
            if (!scan.waitFor(30, TimeUnit.MINUTES)) {
                scan.destroyForcibly();
                throw new IllegalStateException("the scan did not end within 30 minutes");
            }
            double seconds = (System.nanoTime() - scanStarted) / 1e9;
            String printed = Files.readString(output, StandardCharsets.UTF_8);
            System.out.print(printed.lines().map(line -> "  | " + line + "\n").reduce("", String::concat));
            Set<String> found = new HashSet<>();
            if (Files.exists(quotes)) {
                for (String line : Files.readAllLines(quotes, StandardCharsets.UTF_8)) {
                    int from = line.indexOf("\"id\":\"") + 6;
                    found.add(line.substring(from, line.indexOf('"', from)));
                }
            }
            Set<String> missed = new HashSet<>(planted);
            missed.removeAll(found);
            Set<String> extra = new HashSet<>(found);
            extra.removeAll(planted);
            System.out.printf(Locale.ROOT, "Scan: exit %d, %.1f s end to end (JVM start, broker read, check), %,.0f "
                    + "entries/s; found %,d of the %,d planted leaks, %,d other entries flagged.%n", scan.exitValue(),
                    seconds, poolSize / seconds, planted.size() - missed.size(), planted.size(), extra.size());
        }
    }

    private static long produce(KafkaClients clients, TopicRegistry topics, int poolSize,
            SyntheticInstructions lines, List<String> questions, List<String> solutions, Set<String> planted) {
        Map<String, Object> config = clients.producer("benchmark");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024);
        Random random = new Random(5);
        Instant now = Instant.now();
        long bytes = 0;
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < poolSize; i++) {
                String instruction = lines.next();
                String output = lines.next() + " " + lines.next() + " " + lines.next();
                boolean leak = i % LEAK_EVERY == LEAK_EVERY / 2;
                if (leak && (i / LEAK_EVERY) % 2 == 0) {
                    instruction = "Solve this: " + questions.get(random.nextInt(questions.size()));
                } else if (leak) {
                    output = "Here is the function:\n" + solutions.get(random.nextInt(solutions.size()));
                }
                String id = InstructionId.of(instruction + " #" + i);
                float[] vector = new float[384];
                for (int d = 0; d < vector.length; d++) {
                    vector[d] = (float) random.nextGaussian();
                }
                PoolEntry entry = PoolEntry.newBuilder().setId(id).setInstruction(instruction)
                        .setInstances(List.of(new Instance("", output))).setSource(Source.HUMAN_DATASET)
                        .setProvenance(Provenance.newBuilder().setDatasetName("synthetic").build()).setAddedAt(now)
                        .setEmbedding(EmbeddingRecords.of("in-process:bge-small-en-v1.5-q", vector, null)).build();
                byte[] value = topics.pool().valueSerde().serializer().serialize(topics.pool().name(), entry);
                bytes += value.length;
                producer.send(new ProducerRecord<>(topics.pool().name(), id, value));
                if (leak) {
                    planted.add(id);
                }
            }
            producer.flush();
        }
        return bytes;
    }

    private static String option(String[] args, String name, String fallback) {
        List<String> list = new ArrayList<>(List.of(args));
        int at = list.indexOf(name);
        return at >= 0 && at + 1 < list.size() ? list.get(at + 1) : fallback;
    }
}
