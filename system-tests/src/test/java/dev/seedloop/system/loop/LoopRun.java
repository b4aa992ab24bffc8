package dev.seedloop.system.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.seedloop.filter.FilterConfig;
import dev.seedloop.generator.GeneratorConfig;
import dev.seedloop.generator.GeneratorService;
import dev.seedloop.responder.ResponderConfig;
import dev.seedloop.runtime.config.ConfigSource;
import dev.seedloop.runtime.config.KafkaSettings;
import dev.seedloop.runtime.kafka.KafkaClients;
import dev.seedloop.runtime.kafka.TopicProvisioner;
import dev.seedloop.runtime.lifecycle.RunningService;
import dev.seedloop.runtime.lifecycle.StopSequence;
import dev.seedloop.schemas.Topic;
import dev.seedloop.schemas.TopicRegistry;
import dev.seedloop.schemas.avro.AcceptedInstruction;
import dev.seedloop.schemas.avro.CandidateInstruction;
import dev.seedloop.schemas.avro.DeadLetter;
import dev.seedloop.schemas.avro.Example;
import dev.seedloop.schemas.avro.PoolEntry;
import dev.seedloop.schemas.avro.Rejection;
import dev.seedloop.schemas.avro.RejectionStage;
import dev.seedloop.sink.SinkConfig;
import dev.seedloop.testkit.TopicReader;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * One loop for a test: its own topic prefix, application ids and state on a shared broker, every stage composed
 * by its own Main, a pool loaded first, and reads of every topic for the assertions.
 */
public final class LoopRun implements AutoCloseable {

    private final String bootstrap;
    private final String prefix;
    private final Path stateDir;
    private final TopicRegistry topics;
    private final StopSequence stops;
    private final Map<String, String> common;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private GeneratorService generator;
    private RunningService responder;

    private LoopRun(String bootstrap, String prefix, Path stateDir, Map<String, String> kafkaSettings) {
        this.bootstrap = bootstrap;
        this.prefix = prefix;
        this.stateDir = stateDir;
        this.stops = new StopSequence("loop-" + prefix);
        Map<String, String> common = new HashMap<>(kafkaSettings);
        common.putAll(Map.of(KafkaSettings.BOOTSTRAP_SERVERS.name(), bootstrap, KafkaSettings.TOPIC_PREFIX.name(),
                prefix, "http.port", "-1"));
        this.common = Map.copyOf(common);
        KafkaSettings kafka = KafkaSettings.from(ConfigSource.ofValues(common));
        this.topics = kafka.topics();
        TopicProvisioner.provision(new KafkaClients(kafka), "loop-" + prefix);
    }

    /** Provisions the topics under {@code prefix} and loads {@code pool} into the pool topic. */
    public static LoopRun prepare(String bootstrap, String prefix, Path stateDir, List<PoolEntry> pool) {
        return prepare(bootstrap, prefix, stateDir, pool, Map.of());
    }

    /**
     * Provisions the topics under {@code prefix} with the {@code kafka.*} settings {@code kafkaSettings} (which
     * every stage of the loop is then given too) and loads {@code pool} into the pool topic.
     */
    public static LoopRun prepare(String bootstrap, String prefix, Path stateDir, List<PoolEntry> pool,
            Map<String, String> kafkaSettings) {
        LoopRun run = new LoopRun(bootstrap, prefix, stateDir, kafkaSettings);
        KafkaSettings kafka = KafkaSettings.from(ConfigSource.ofValues(run.common));
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(new KafkaClients(kafka).producer("seed"),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (PoolEntry entry : pool) {
                producer.send(new ProducerRecord<>(run.topics.pool().name(), bytes(entry.getId()),
                        run.topics.pool().valueSerde().serializer().serialize(run.topics.pool().name(), entry)));
            }
            producer.flush();
        }
        return run;
    }

    /** Starts filter and sink with {@code filterSettings}. */
    public LoopRun startFilterAndSink(Map<String, String> filterSettings) {
        Map<String, String> filter = new HashMap<>(filterSettings);
        filter.put("filter.application-id", prefix + "-filter");
        filter.put("filter.state-dir", stateDir.resolve(prefix + "/filter").toString());
        stops.add("filter", dev.seedloop.filter.Main.start(FilterConfig.from(source(filter)),
                registry));
        stops.add("sink", dev.seedloop.sink.Main.start(SinkConfig.from(source(Map.of("sink.application-id",
                prefix + "-sink", "sink.state-dir", stateDir.resolve(prefix + "/sink").toString()))),
                registry));
        return this;
    }

    /** Starts the responder in this process with {@code settings}. */
    public LoopRun startResponder(Map<String, String> settings) {
        responder = stops.add("responder", dev.seedloop.responder.Main.start(ResponderConfig.from(source(
                responderSettings(settings))), registry));
        return this;
    }

    /** The responder's settings for this loop: its group and transactional id, and {@code settings}. */
    public Map<String, String> responderSettings(Map<String, String> settings) {
        Map<String, String> values = new HashMap<>(settings);
        values.put("responder.group-id", prefix + "-responder");
        values.put("responder.transactional-id", prefix + "-responder-tx");
        return values;
    }

    public LoopRun startGenerator(Map<String, String> settings) {
        Map<String, String> values = new HashMap<>(settings);
        values.put("generator.filter-application-id", prefix + "-filter");
        values.put("generator.responder-group-id", prefix + "-responder");
        generator = stops.add("generator", dev.seedloop.generator.Main.start(GeneratorConfig.from(source(values)),
                registry));
        return this;
    }

    public GeneratorService generator() {
        return generator;
    }

    public RunningService responder() {
        return responder;
    }

    /** The meters of every stage this loop runs in the process, as one process's /metrics would show them. */
    public SimpleMeterRegistry registry() {
        return registry;
    }

    public TopicRegistry topics() {
        return topics;
    }

    public String bootstrap() {
        return bootstrap;
    }

    /** True when the generator is done and every record has its outcome downstream. */
    public boolean drained() {
        return progress().drained();
    }

    /** Where the loop stands: what each stage has written and what still waits for an outcome. */
    public Progress progress() {
        boolean generating = generator != null && !generator.ended();
        List<CandidateInstruction> candidates = values(topics.candidates());
        List<Rejection> rejections = values(topics.rejections());
        List<AcceptedInstruction> accepted = values(topics.instructions());
        List<Example> responses = values(topics.responses());
        List<Example> examples = values(topics.examples());
        long instructionVerdicts = accepted.size()
                + rejections.stream().filter(r -> r.getStage() == RejectionStage.INSTRUCTION).count();
        Set<String> answered = new HashSet<>();
        responses.forEach(e -> answered.add(e.getInstructionId()));
        rejections.stream().filter(r -> r.getStage() == RejectionStage.RESPONDER)
                .forEach(r -> answered.add(r.getInstructionId()));
        values(topics.deadLetters()).forEach(d -> {
            if (d.getKey() != null) {
                answered.add(StandardCharsets.UTF_8.decode(d.getKey()).toString());
            }
        });
        Set<String> judged = new HashSet<>();
        examples.forEach(e -> judged.add(e.getInstructionId()));
        rejections.stream().filter(r -> r.getStage() == RejectionStage.RESPONSE)
                .forEach(r -> judged.add(r.getInstructionId()));
        Set<String> pooled = new HashSet<>();
        values(topics.pool()).forEach(e -> pooled.add(e.getId()));
        return new Progress(generating, candidates.size(), instructionVerdicts,
                accepted.stream().filter(a -> !answered.contains(a.getInstructionId())).count(),
                responses.stream().filter(e -> !judged.contains(e.getInstructionId())).count(),
                examples.stream().filter(e -> !pooled.contains(e.getInstructionId())).count());
    }

    /** Counts behind {@link #drained()}; its text is the message of a loop that did not drain. */
    public record Progress(boolean generating, long candidates, long instructionVerdicts, long unanswered,
            long unjudged, long unpooled) {

        public boolean drained() {
            return !generating && candidates > 0 && instructionVerdicts == candidates && unanswered == 0
                    && unjudged == 0 && unpooled == 0;
        }
    }

    /** Waits until {@link #drained()}, failing with the last {@link Progress} after {@code timeout}. */
    public void awaitDrained(Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            Progress progress = progress();
            assertThat(progress.drained()).as(progress.toString()).isTrue();
        });
    }

    /**
     * Every accepted instruction has exactly one outcome from the responder: an example, a rejection or a dead
     * letter, never none, never two.
     */
    public void assertOneOutcomePerAcceptedInstruction() {
        Map<String, Long> outcomes = new HashMap<>();
        responses().forEach(e -> outcomes.merge(e.getInstructionId(), 1L, Long::sum));
        rejections().stream().filter(r -> r.getStage() == RejectionStage.RESPONDER)
                .forEach(r -> outcomes.merge(r.getInstructionId(), 1L, Long::sum));
        deadLetters().stream().filter(d -> d.getStage().startsWith(dev.seedloop.responder.Main.SERVICE) && d.getKey() != null)
                .forEach(d -> outcomes.merge(StandardCharsets.UTF_8.decode(d.getKey()).toString(), 1L, Long::sum));
        // An id is its normalised text's: a text whose answer a response rule rejected may be written and accepted
        // again, and each acceptance has its own outcome
        Map<String, Long> acceptances = new HashMap<>();
        accepted().forEach(a -> acceptances.merge(a.getInstructionId(), 1L, Long::sum));
        assertThat(acceptances).isNotEmpty();
        assertThat(outcomes).as("outcomes per instruction id, against its acceptances").isEqualTo(acceptances);
    }

    public List<CandidateInstruction> candidates() {
        return values(topics.candidates());
    }

    public List<AcceptedInstruction> accepted() {
        return values(topics.instructions());
    }

    public List<Example> responses() {
        return values(topics.responses());
    }

    public List<Example> examples() {
        return values(topics.examples());
    }

    public List<Rejection> rejections() {
        return values(topics.rejections());
    }

    public List<DeadLetter> deadLetters() {
        return values(topics.deadLetters());
    }

    public List<PoolEntry> poolRecords() {
        return values(topics.pool());
    }

    /** Every readable value of {@code topic}, committed records only. */
    public <V> List<V> values(Topic<String, V> topic) {
        List<V> values = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : TopicReader.readAll(bootstrap, topic.name())) {
            if (record.value() == null) {
                continue;
            }
            try {
                values.add(topic.valueSerde().deserializer().deserialize(topic.name(), record.value()));
            } catch (RuntimeException e) {
                // an unreadable record: the dead-letter assertions cover those
            }
        }
        return values;
    }

    @Override
    public void close() {
        stops.close();
    }

    /**
     * The settings of {@code stage} (generator, filter, responder or sink) run as its own process against this loop:
     * the shared ones, its application or group ids and state directory under this loop's prefix, {@code llm} for
     * the two LLM stages, and {@code own} over them.
     */
    public Map<String, String> processSettings(String stage, Map<String, String> llm, Map<String, String> own) {
        Map<String, String> values = new HashMap<>(settings(Map.of()));
        switch (stage) {
            case "generator" -> {
                values.putAll(llm);
                values.put("generator.method", "self-instruct");
                values.put("generator.filter-application-id", prefix + "-filter");
                values.put("generator.responder-group-id", prefix + "-responder");
            }
            case "filter" -> {
                values.put("filter.application-id", prefix + "-filter");
                values.put("filter.state-dir", stateDir.resolve("state/filter").toString());
            }
            case "responder" -> values.putAll(responderSettings(llm));
            case "sink" -> {
                values.put("sink.application-id", prefix + "-sink");
                values.put("sink.state-dir", stateDir.resolve("state/sink").toString());
            }
            default -> throw new IllegalArgumentException("no stage " + stage);
        }
        values.putAll(own);
        return values;
    }

    /** This loop's shared settings (broker, topic prefix, no HTTP port) under {@code own}. */
    public Map<String, String> settings(Map<String, String> own) {
        Map<String, String> values = new HashMap<>(common);
        values.putAll(own);
        return values;
    }

    private ConfigSource source(Map<String, String> own) {
        return ConfigSource.ofValues(settings(own));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
