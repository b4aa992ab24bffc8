package dev.seedloop.benchmarks;

import dev.seedloop.kafka.embedded.EmbeddedKafkaBroker;
import dev.seedloop.llm.LlmClient;
import dev.seedloop.llm.LlmRequest;
import dev.seedloop.llm.LlmSettings;
import dev.seedloop.llm.simulated.SimulatedLlmConfig;
import dev.seedloop.llm.simulated.SimulatedLlmServer;
import dev.seedloop.responder.ResponderConfig;
import dev.seedloop.runtime.config.ConfigSource;
import dev.seedloop.runtime.config.KafkaSettings;
import dev.seedloop.runtime.kafka.KafkaClients;
import dev.seedloop.runtime.kafka.TopicProvisioner;
import dev.seedloop.runtime.lifecycle.RunningService;
import dev.seedloop.schemas.InstructionId;
import dev.seedloop.schemas.TopicRegistry;
import dev.seedloop.schemas.avro.AcceptedInstruction;
import dev.seedloop.schemas.avro.DeadLetter;
import dev.seedloop.schemas.avro.Example;
import dev.seedloop.schemas.avro.Provenance;
import dev.seedloop.schemas.avro.Rejection;
import dev.seedloop.schemas.avro.RejectionStage;
import dev.seedloop.schemas.avro.SourceCoordinates;
import dev.seedloop.testkit.TopicReader;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The responder against the simulated LLM: LLM requests answered per second with a fixed latency and
 * concurrency limit, without faults and with a share of requests refused with 429; whether every instruction got
 * exactly one outcome; and, in the same run, the ceiling of the setup itself (the simulator driven directly by
 * the LLM client at the same concurrency, and at no latency). Options: --instructions, --latency, --concurrency,
 * --rate-limit-share, --retry-after.
 */
public final class ResponderBenchmark {

    private static final String INSTRUCTION = "Explain the difference between %s and give one example of each.";
    private static final Duration CEILING_RUN = Duration.ofSeconds(15);

    private ResponderBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].substring(2), args[i + 1]);
        }
        int instructions = Integer.parseInt(options.getOrDefault("instructions", "5000"));
        String latency = options.getOrDefault("latency", "200ms");
        int concurrency = Integer.parseInt(options.getOrDefault("concurrency", "64"));
        String rateLimitShare = options.getOrDefault("rate-limit-share", "0.3");
        String retryAfter = options.getOrDefault("retry-after", "1s");
        Path work = Files.createTempDirectory("seedloop-responder-bench");

        System.out.printf(Locale.ROOT, "# responder against the simulated LLM: latency %s (uniform +-50%%), "
                + "llm.concurrency %d; %d cores%n%n", latency, concurrency, Runtime.getRuntime().availableProcessors());
        double ceiling = ceiling(latency, concurrency);
        System.out.printf(Locale.ROOT, "Ceiling: the simulator driven directly by the LLM client, %d calls in "
                + "flight, %s latency: %,.0f requests/s (the ideal is %d / mean latency).%n", concurrency, latency,
                ceiling, concurrency);
        double serverCeiling = ceiling("0ms", concurrency);
        System.out.printf(Locale.ROOT, "Ceiling of the simulator itself (no latency, %d in flight): %,.0f "
                + "requests/s.%n%n", concurrency, serverCeiling);

        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(work.resolve("broker"))) {
            Result plain = run(broker, "plain", instructions, concurrency, Map.of("simulator.latency", latency));
            Result limited = run(broker, "limited", instructions, concurrency, Map.of("simulator.latency", latency,
                    "simulator.rate-limit-share", rateLimitShare, "simulator.retry-after", retryAfter));
            System.out.println();
            System.out.println("| run | instructions | LLM requests answered | 429s | wall (s) | requests/s, whole run "
                    + "| requests/s, steady (10%-90%) | instructions/s | outcomes: missing / doubled |");
            System.out.println("|---|---|---|---|---|---|---|---|---|");
            for (Result result : List.of(plain, limited)) {
                System.out.println(result.row());
            }
        }
    }

    /** Requests per second the simulator answers when the LLM client keeps {@code concurrency} calls in flight. */
    private static double ceiling(String latency, int concurrency) throws InterruptedException {
        try (SimulatedLlmServer server = SimulatedLlmServer.start(SimulatedLlmConfig.from(ConfigSource.ofValues(
                Map.of("simulator.latency", latency))));
                LlmClient client = LlmClient.create(LlmSettings.from(ConfigSource.ofValues(Map.of(
                        "llm.base-url", server.baseUrl(), "llm.model", "simulated",
                        "llm.concurrency", Integer.toString(concurrency))), 0.7, 1024))) {
            Semaphore inFlight = new Semaphore(concurrency);
            AtomicLong answered = new AtomicLong();
            long warmUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
            long start = 0;
            long startCount = 0;
            long end = warmUntil + CEILING_RUN.toNanos();
            int task = 0;
            while (System.nanoTime() < end) {
                if (start == 0 && System.nanoTime() >= warmUntil) {
                    start = System.nanoTime();
                    startCount = answered.get();
                }
                inFlight.acquire();
                client.chat(LlmRequest.of("", String.format(Locale.ROOT, INSTRUCTION, "topic " + task++)))
                        .whenComplete((reply, error) -> {
                            if (error == null) {
                                answered.incrementAndGet();
                            }
                            inFlight.release();
                        });
            }
            double rate = (answered.get() - startCount) / ((System.nanoTime() - start) / 1e9);
            inFlight.acquire(concurrency);
            return rate;
        }
    }

    private static Result run(EmbeddedKafkaBroker broker, String name, int count, int concurrency,
            Map<String, String> simulator) throws Exception {
        Map<String, String> kafka = Map.of(KafkaSettings.BOOTSTRAP_SERVERS.name(), broker.bootstrapServers(),
                KafkaSettings.TOPIC_PREFIX.name(), "bench-" + name, "http.port", "-1");
        KafkaClients clients = new KafkaClients(KafkaSettings.from(ConfigSource.ofValues(kafka)));
        TopicRegistry topics = clients.settings().topics();
        TopicProvisioner.provision(clients, "benchmark");
        write(clients, topics, count, name);

        try (SimulatedLlmServer llm = SimulatedLlmServer.start(SimulatedLlmConfig.from(ConfigSource.ofValues(
                simulator)));
                Admin admin = Admin.create(clients.admin("benchmark-" + name))) {
            Map<String, String> settings = new HashMap<>(kafka);
            settings.putAll(Map.of("llm.base-url", llm.baseUrl(), "llm.model", "simulated",
                    "llm.concurrency", Integer.toString(concurrency), "responder.group-id", "bench-" + name,
                    "responder.transactional-id", "bench-" + name + "-tx"));
            long start = System.nanoTime();
            long steadyStart = 0;
            long steadyStartAnswered = 0;
            long steadyEnd = 0;
            long steadyEndAnswered = 0;
            try (RunningService responder = dev.seedloop.responder.Main.start(ResponderConfig.from(
                    ConfigSource.ofValues(settings)), new SimpleMeterRegistry())) {
                long lastPrint = 0;
                while (true) {
                    long done = committed(admin, "bench-" + name, topics.instructions().name());
                    long now = System.nanoTime();
                    long answered = llm.stats().answered();
                    if (steadyStart == 0 && done >= count / 10) {
                        steadyStart = now;
                        steadyStartAnswered = answered;
                    }
                    if (steadyEnd == 0 && done >= count * 9L / 10) {
                        steadyEnd = now;
                        steadyEndAnswered = answered;
                    }
                    if (now - lastPrint > TimeUnit.SECONDS.toNanos(5)) {
                        System.out.printf(Locale.ROOT, "  %-8s %5.1f s: %,d of %,d instructions done, %,d requests "
                                + "answered, %,d refused with 429%n", name, (now - start) / 1e9, done, count,
                                answered, llm.stats().rateLimited());
                        lastPrint = now;
                    }
                    if (done >= count) {
                        break;
                    }
                    if (!responder.isAlive()) {
                        throw new IllegalStateException("the responder failed");
                    }
                    if (now - start > TimeUnit.MINUTES.toNanos(20)) {
                        throw new IllegalStateException("not done within 20 minutes");
                    }
                    Thread.sleep(100);
                }
            }
            double wall = (System.nanoTime() - start) / 1e9;
            SimulatedLlmServer.Stats stats = llm.stats();
            Outcomes outcomes = outcomes(broker.bootstrapServers(), topics, count, name);
            return new Result(name, count, stats.answered(), stats.rateLimited(), wall, stats.answered() / wall,
                    (steadyEndAnswered - steadyStartAnswered) / ((steadyEnd - steadyStart) / 1e9), count / wall,
                    outcomes);
        }
    }

    private static void write(KafkaClients clients, TopicRegistry topics, int count, String batch) {
        String topic = topics.instructions().name();
        AtomicLong failed = new AtomicLong();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(clients.producer("benchmark"),
                new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < count; i++) {
                String text = String.format(Locale.ROOT, INSTRUCTION, batch + " topic " + i);
                String id = InstructionId.of(text);
                AcceptedInstruction instruction = AcceptedInstruction.newBuilder()
                        .setInstructionId(id)
                        .setCandidateId(batch + "-" + i)
                        .setInstruction(text)
                        .setProvenance(Provenance.newBuilder().setMethod("self-instruct").build())
                        .setConfigVersion("benchmark")
                        .setSource(new SourceCoordinates(topics.candidates().name(), 0, (long) i))
                        .setAcceptedAt(Instant.now())
                        .build();
                producer.send(new ProducerRecord<>(topic, id, topics.instructions().valueSerde().serializer()
                        .serialize(topic, instruction)), (metadata, error) -> {
                            if (error != null) {
                                failed.incrementAndGet();
                            }
                        });
            }
            producer.flush();
        }
        if (failed.get() > 0) {
            throw new IllegalStateException(failed.get() + " of " + count + " instructions could not be written");
        }
    }

    private static long committed(Admin admin, String group, String topic) throws Exception {
        Map<org.apache.kafka.common.TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
        return offsets.entrySet().stream().filter(entry -> entry.getKey().topic().equals(topic)
                && entry.getValue() != null).mapToLong(entry -> entry.getValue().offset()).sum();
    }

    /** Outcomes per instruction: an example, a rejection at the responder or a dead letter. */
    private static Outcomes outcomes(String bootstrap, TopicRegistry topics, int count, String batch) {
        Map<String, Integer> perInstruction = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : TopicReader.readAll(bootstrap, topics.responses().name())) {
            Example example = topics.responses().valueSerde().deserializer().deserialize("", record.value());
            perInstruction.merge(example.getInstructionId(), 1, Integer::sum);
        }
        for (ConsumerRecord<byte[], byte[]> record : TopicReader.readAll(bootstrap, topics.rejections().name())) {
            Rejection rejection = topics.rejections().valueSerde().deserializer().deserialize("", record.value());
            if (rejection.getStage() == RejectionStage.RESPONDER) {
                perInstruction.merge(rejection.getInstructionId(), 1, Integer::sum);
            }
        }
        long deadLetters = 0;
        for (ConsumerRecord<byte[], byte[]> record : TopicReader.readAll(bootstrap, topics.deadLetters().name())) {
            DeadLetter letter = topics.deadLetters().valueSerde().deserializer().deserialize("", record.value());
            if (letter.getKey() != null) {
                perInstruction.merge(StandardCharsets.UTF_8.decode(letter.getKey()).toString(), 1, Integer::sum);
                deadLetters++;
            }
        }
        long missing = 0;
        for (int i = 0; i < count; i++) {
            if (!perInstruction.containsKey(InstructionId.of(String.format(Locale.ROOT, INSTRUCTION,
                    batch + " topic " + i)))) {
                missing++;
            }
        }
        long doubled = perInstruction.values().stream().filter(n -> n > 1).count();
        return new Outcomes(missing, doubled, deadLetters);
    }

    private record Outcomes(long missing, long doubled, long deadLetters) {
    }

    private record Result(String name, int instructions, long answered, long rateLimited, double wall,
            double requestsPerSecond, double steadyRequestsPerSecond, double instructionsPerSecond,
            Outcomes outcomes) {

        String row() {
            return String.format(Locale.ROOT, "| %s | %,d | %,d | %,d | %.1f | %,.0f | **%,.0f** | %,.0f | %d / %d |",
                    name, instructions, answered, rateLimited, wall, requestsPerSecond, steadyRequestsPerSecond,
                    instructionsPerSecond, outcomes.missing(), outcomes.doubled());
        }
    }
}
