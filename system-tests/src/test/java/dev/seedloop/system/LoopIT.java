package dev.seedloop.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.seedloop.filter.FilterConfig;
import dev.seedloop.filter.dedup.RougeL;
import dev.seedloop.generator.GeneratorConfig;
import dev.seedloop.generator.GeneratorService;
import dev.seedloop.launcher.demo.SeedTasks;
import dev.seedloop.llm.simulated.SimulatedLlmConfig;
import dev.seedloop.llm.simulated.SimulatedLlmServer;
import dev.seedloop.responder.ResponderConfig;
import dev.seedloop.runtime.config.ConfigSource;
import dev.seedloop.runtime.config.KafkaSettings;
import dev.seedloop.runtime.kafka.KafkaClients;
import dev.seedloop.runtime.kafka.TopicProvisioner;
import dev.seedloop.runtime.lifecycle.StopSequence;
import dev.seedloop.schemas.InstructionId;
import dev.seedloop.schemas.Topic;
import dev.seedloop.schemas.TopicRegistry;
import dev.seedloop.schemas.avro.AcceptedInstruction;
import dev.seedloop.schemas.avro.CandidateInstruction;
import dev.seedloop.schemas.avro.DeadLetter;
import dev.seedloop.schemas.avro.Example;
import dev.seedloop.schemas.avro.PoolEntry;
import dev.seedloop.schemas.avro.Provenance;
import dev.seedloop.schemas.avro.Rejection;
import dev.seedloop.schemas.avro.RejectionStage;
import dev.seedloop.schemas.avro.Source;
import dev.seedloop.sink.SinkConfig;
import dev.seedloop.testkit.TestKafka;
import dev.seedloop.testkit.TopicReader;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole loop on a real broker: each stage composed by its own Main as a deployment runs it, the simulated
 * LLM over HTTP, and garbage on every topic the stages read.
 */
@Timeout(300)
class LoopIT {

    private static final int REQUESTS = 30;
    private static final String HUGE_CANDIDATE = "hostile-800kb";

    @TempDir
    static Path stateDir;

    private static final StopSequence STOPS = new StopSequence("loop-it");
    private static TestKafka broker;
    private static TopicRegistry topics;
    private static GeneratorService generator;
    private static final Map<String, Long> GARBAGE_OFFSETS = new LinkedHashMap<>();

    @BeforeAll
    static void runTheLoop() throws Exception {
        // Given a broker, the simulated LLM, the seed tasks, and one unreadable record on each input topic
        broker = STOPS.add("broker", TestKafka.start());
        SimulatedLlmServer llm = STOPS.add("simulated LLM",
                SimulatedLlmServer.start(SimulatedLlmConfig.defaults().withLatency(Duration.ofMillis(5))));
        KafkaSettings kafka = KafkaSettings.forBootstrap(broker.bootstrapServers());
        topics = kafka.topics();
        KafkaClients clients = new KafkaClients(kafka);
        TopicProvisioner.provision(clients, "loop-it");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(clients.producer("loop-it"),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (PoolEntry seed : SeedTasks.bundled()) {
                producer.send(new ProducerRecord<>(topics.pool().name(), bytes(seed.getId()),
                        topics.pool().valueSerde().serializer().serialize(topics.pool().name(), seed)));
            }
            for (Topic<?, ?> topic : List.of(topics.pool(), topics.candidates(), topics.instructions(),
                    topics.responses(), topics.examples())) {
                var sent = producer.send(new ProducerRecord<>(topic.name(), bytes("garbage"),
                        bytes("\u0000 not an avro record \uFFFF"))).get();
                GARBAGE_OFFSETS.put(topic.name(), sent.offset());
            }
            // A valid candidate of 800 KB: its rejection must still fit in a record.
            String huge = "Explain " + "very ".repeat(160_000) + "carefully.";
            CandidateInstruction oversized = CandidateInstruction.newBuilder().setCandidateId(HUGE_CANDIDATE)
                    .setInstructionId(InstructionId.of(huge)).setInstruction(huge)
                    .setProvenance(Provenance.newBuilder().build())
                    .setGeneratedAt(Instant.now()).build();
            producer.send(new ProducerRecord<>(topics.candidates().name(), bytes(HUGE_CANDIDATE),
                    topics.candidates().valueSerde().serializer().serialize(topics.candidates().name(), oversized)))
                    .get();
        }

        // When every stage runs until the generator has sent its requests and the loop has drained
        Map<String, String> common = Map.of("kafka.bootstrap-servers", broker.bootstrapServers(), "http.port", "-1");
        Map<String, String> llmSettings = Map.of("llm.base-url", llm.baseUrl(), "llm.model", "simulated");
        STOPS.add("filter", dev.seedloop.filter.Main.start(FilterConfig.from(source(common,
                Map.of("filter.state-dir", stateDir.resolve("filter").toString()))), new SimpleMeterRegistry()));
        STOPS.add("sink", dev.seedloop.sink.Main.start(SinkConfig.from(source(common,
                Map.of("sink.state-dir", stateDir.resolve("sink").toString()))), new SimpleMeterRegistry()));
        STOPS.add("responder", dev.seedloop.responder.Main.start(ResponderConfig.from(source(common, llmSettings)),
                new SimpleMeterRegistry()));
        Map<String, String> generatorSettings = new HashMap<>(llmSettings);
        generatorSettings.put("generator.max-requests", Integer.toString(REQUESTS));
        generatorSettings.put("generator.seed", "11");
        generator = STOPS.add("generator", dev.seedloop.generator.Main.start(
                GeneratorConfig.from(source(common, generatorSettings)), new SimpleMeterRegistry()));

        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).until(LoopIT::drained);
    }

    @AfterAll
    static void stop() {
        STOPS.close();
    }

    @Test
    void thePoolGrowsWithMachineWrittenExamples() {
        Map<String, PoolEntry> pool = pool();

        assertThat(generator.requestsSent()).isEqualTo(REQUESTS);
        assertThat(pool.values()).filteredOn(entry -> entry.getSource() == Source.HUMAN_SEED).hasSize(175);
        assertThat(pool.values()).filteredOn(entry -> entry.getSource() == Source.MACHINE).hasSizeGreaterThan(20)
                .allSatisfy(entry -> {
                    assertThat(entry.getInstances()).isNotEmpty();
                    assertThat(entry.getProvenance().getModel()).isEqualTo(SimulatedLlmConfig.MODEL);
                    assertThat(entry.getProvenance().getDemoIds()).hasSize(8);
                });
    }

    @Test
    void everyCandidateHasExactlyOneVerdict() {
        List<CandidateInstruction> candidates = values(topics.candidates());
        Map<String, Long> verdicts = new HashMap<>();
        values(topics.instructions()).forEach(a -> verdicts.merge(a.getCandidateId(), 1L, Long::sum));
        values(topics.rejections()).stream().filter(r -> r.getStage() == RejectionStage.INSTRUCTION)
                .forEach(r -> verdicts.merge(r.getCandidateId(), 1L, Long::sum));

        assertThat(candidates).hasSizeGreaterThan(100);
        assertThat(verdicts.keySet()).containsExactlyInAnyOrderElementsOf(
                candidates.stream().map(CandidateInstruction::getCandidateId).toList());
        assertThat(verdicts.values()).containsOnly(1L);
    }

    @Test
    void everyAcceptedInstructionHasExactlyOneOutcomeAndEveryAcceptedExampleIsInThePoolOnce() {
        Map<String, Long> outcomes = new HashMap<>();
        values(topics.responses()).forEach(e -> outcomes.merge(e.getInstructionId(), 1L, Long::sum));
        values(topics.rejections()).stream().filter(r -> r.getStage() == RejectionStage.RESPONDER)
                .forEach(r -> outcomes.merge(r.getInstructionId(), 1L, Long::sum));
        List<AcceptedInstruction> accepted = values(topics.instructions());

        assertThat(outcomes.keySet()).containsExactlyInAnyOrderElementsOf(
                accepted.stream().map(AcceptedInstruction::getInstructionId).toList());
        assertThat(outcomes.values()).containsOnly(1L);

        List<String> poolKeys = TopicReader.readAll(broker.bootstrapServers(), topics.pool().name()).stream()
                .map(record -> record.key() == null ? "" : new String(record.key(), StandardCharsets.UTF_8)).toList();
        for (Example example : values(topics.examples())) {
            assertThat(poolKeys).filteredOn(example.getInstructionId()::equals).hasSize(1);
        }
    }

    @Test
    void noTwoPoolInstructionsExceedTheRougeThresholdExceptSeedPairs() {
        List<String> seeds = SeedTasks.bundled().stream().map(PoolEntry::getInstruction).toList();
        List<String> accepted = values(topics.instructions()).stream().map(AcceptedInstruction::getInstruction)
                .toList();

        List<String> violations = new ArrayList<>();
        for (int i = 0; i < accepted.size(); i++) {
            for (String seed : seeds) {
                if (RougeL.score(accepted.get(i), seed) > 0.7) {
                    violations.add(accepted.get(i) + " ~ " + seed);
                }
            }
            for (int j = 0; j < i; j++) {
                if (RougeL.score(accepted.get(i), accepted.get(j)) > 0.7) {
                    violations.add(accepted.get(i) + " ~ " + accepted.get(j));
                }
            }
        }
        assertThat(accepted).hasSizeGreaterThan(50);
        assertThat(violations).isEmpty();
        assertThat(values(topics.rejections()).stream().map(Rejection::getReason).collect(Collectors.toSet()))
                .contains("near-duplicate", "exact-duplicate", "word-count", "keyword-blacklist");
    }

    @Test
    void anOversizedCandidateIsRejectedWithABoundedCopyOfItsText() {
        Rejection rejection = values(topics.rejections()).stream()
                .filter(r -> HUGE_CANDIDATE.equals(r.getCandidateId())).findFirst().orElseThrow();

        assertThat(rejection.getReason()).isEqualTo("max-length");
        assertThat(rejection.getScore()).isGreaterThan(800_000.0);
        assertThat(rejection.getInstruction().length()).isLessThan(17 * 1024);
    }

    @Test
    void unreadableRecordsOnEveryTopicAreDeadLetteredWithTheirCoordinates() {
        List<DeadLetter> letters = values(topics.deadLetters());
        Map<String, DeadLetter> bySource = letters.stream().collect(Collectors.toMap(
                letter -> letter.getSource().getTopic(), Function.identity(), (first, second) -> first));

        assertThat(bySource.keySet()).containsExactlyInAnyOrderElementsOf(GARBAGE_OFFSETS.keySet());
        GARBAGE_OFFSETS.forEach((topic, offset) -> {
            DeadLetter letter = bySource.get(topic);
            assertThat(letter.getSource().getOffset()).as(topic).isEqualTo(offset);
            assertThat(StandardCharsets.UTF_8.decode(letter.getValue()).toString()).contains("not an avro record");
            assertThat(letter.getErrorMessage()).isNotBlank();
        });
        assertThat(letters).hasSize(GARBAGE_OFFSETS.size());
    }

    /** True when nothing is left in flight: every record has its verdict downstream. */
    private static boolean drained() {
        if (generator.isAlive() && generator.requestsSent() < REQUESTS) {
            return false;
        }
        int candidates = values(topics.candidates()).size();
        List<Rejection> rejections = values(topics.rejections());
        long instructionVerdicts = values(topics.instructions()).size()
                + rejections.stream().filter(r -> r.getStage() == RejectionStage.INSTRUCTION).count();
        int accepted = values(topics.instructions()).size();
        long responseOutcomes = values(topics.responses()).size()
                + rejections.stream().filter(r -> r.getStage() == RejectionStage.RESPONDER).count();
        Set<String> examples = new HashSet<>();
        values(topics.examples()).forEach(e -> examples.add(e.getInstructionId()));
        long inPool = pool().values().stream().filter(e -> examples.contains(e.getId())).count();
        long deadLetters = values(topics.deadLetters()).size();
        return candidates > 0 && instructionVerdicts == candidates && responseOutcomes == accepted
                && inPool == examples.size() && deadLetters == GARBAGE_OFFSETS.size()
                && outputJudged();
    }

    private static boolean outputJudged() {
        Set<String> judged = new HashSet<>();
        values(topics.examples()).forEach(e -> judged.add(e.getInstructionId()));
        values(topics.rejections()).stream().filter(r -> r.getStage() == RejectionStage.RESPONSE)
                .forEach(r -> judged.add(r.getInstructionId()));
        return values(topics.responses()).stream().allMatch(e -> judged.contains(e.getInstructionId()));
    }

    private static Map<String, PoolEntry> pool() {
        Map<String, PoolEntry> pool = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : TopicReader.readAll(broker.bootstrapServers(),
                topics.pool().name())) {
            try {
                PoolEntry entry = topics.pool().valueSerde().deserializer().deserialize(topics.pool().name(), record.value());
                pool.put(entry.getId(), entry);
            } catch (RuntimeException e) {
                // the garbage record
            }
        }
        return pool;
    }

    private static <V> List<V> values(Topic<String, V> topic) {
        List<V> values = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : TopicReader.readAll(broker.bootstrapServers(), topic.name())) {
            try {
                values.add(topic.valueSerde().deserializer().deserialize(topic.name(), record.value()));
            } catch (RuntimeException e) {
                // the garbage record
            }
        }
        return values;
    }

    private static ConfigSource source(Map<String, String> common, Map<String, String> own) {
        Map<String, String> values = new HashMap<>(common);
        values.putAll(own);
        return ConfigSource.ofValues(values);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
