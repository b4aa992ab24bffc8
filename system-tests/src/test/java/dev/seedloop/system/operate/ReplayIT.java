package dev.seedloop.system.operate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seedloop.filter.FilterConfig;
import dev.seedloop.launcher.cluster.Cluster;
import dev.seedloop.launcher.demo.Demo;
import dev.seedloop.launcher.demo.DemoOptions;
import dev.seedloop.tools.replay.Replay;
import dev.seedloop.tools.replay.ReplayReport;
import dev.seedloop.runtime.config.KafkaSettings;
import dev.seedloop.schemas.Topic;
import dev.seedloop.schemas.TopicRegistry;
import dev.seedloop.schemas.avro.Example;
import dev.seedloop.schemas.avro.PoolEntry;
import dev.seedloop.schemas.avro.Source;
import dev.seedloop.testkit.TopicReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A replay with a stricter rule over a demo's topics: fewer accepted, the difference reported, the live pool
 * untouched until --promote.
 */
@Timeout(300)
class ReplayIT {

    @TempDir
    Path work;

    @Test
    void aStricterThresholdAcceptsFewerAndChangesThePoolOnlyWhenPromoted() throws Exception {
        // Given a demo that grew its pool
        Path dataDir = work.resolve("demo");
        int exit = new Demo(new DemoOptions(40, dataDir, Optional.empty(), Duration.ofMinutes(3), Map.of(),
                "self-instruct", Optional.empty(), Optional.empty(), Optional.empty()), quiet()).run();
        assertThat(exit).isZero();
        TopicRegistry topics = TopicRegistry.standard();

        try (Cluster cluster = Cluster.connect(Optional.empty(), dataDir, "test", quiet())) {
            KafkaSettings kafka = KafkaSettings.forBootstrap(cluster.bootstrapServers());
            Map<String, PoolEntry> poolBefore = pool(cluster, topics);

            // When the candidates are judged again with a near-duplicate threshold of 0.5 instead of 0.7
            ByteArrayOutputStream printed = new ByteArrayOutputStream();
            ReplayReport report = replay(kafka, "strict", false, dataDir, new PrintStream(printed, true,
                    StandardCharsets.UTF_8));

            // Then fewer instructions are accepted, the difference is reported by reason, and the pool is unchanged
            assertThat(report.candidates()).isPositive();
            assertThat(report.replay().instructions()).isLessThan(report.live().instructions());
            assertThat(report.replay().rejectedByReason().get("near-duplicate"))
                    .isGreaterThan(report.live().rejectedByReason().get("near-duplicate"));
            assertThat(report.changedVerdicts()).isPositive();
            assertThat(printed.toString(StandardCharsets.UTF_8)).contains("instructions accepted", "changed verdicts",
                    "rejected: near-duplicate", "the live pool is unchanged");
            assertThat(pool(cluster, topics)).isEqualTo(poolBefore);
            Topic<String, Example> examples = topics.replay("strict").examples();
            Set<String> replayedExamples = TopicReader.readAll(cluster.bootstrapServers(), examples.name()).stream()
                    .map(record -> examples.valueSerde().deserializer().deserialize(examples.name(), record.value())
                            .getInstructionId())
                    .collect(Collectors.toSet());
            assertThat(replayedExamples).hasSize(report.replay().examples());

            // And a replay from a time judges only the candidates written since, against the pool as it was then
            java.util.List<org.apache.kafka.clients.consumer.ConsumerRecord<byte[], byte[]>> candidates =
                    TopicReader.readAll(cluster.bootstrapServers(), topics.candidates().name());
            long middle = candidates.get(candidates.size() / 2).timestamp();
            long since = candidates.stream().filter(record -> record.timestamp() >= middle).count();
            ReplayReport recent = new Replay(kafka, new Replay.Options("recent", Optional.of(
                    java.time.Instant.ofEpochMilli(middle)), Map.of(), dataDir.resolve("state/replay"), false,
                    Duration.ofMinutes(2), FilterConfig.APPLICATION_ID.defaultValue()), quiet()).run();
            assertThat(recent.candidates()).isEqualTo(since).isLessThan(report.candidates());
            assertThat(recent.changedVerdicts()).as("the live rules again, on the same pool: the same verdicts")
                    .isZero();

            // And the same tag is not replayed twice
            assertThatThrownBy(() -> replay(kafka, "strict", false, dataDir, quiet()))
                    .hasMessageContaining("--promote");

            // When it is promoted
            ReplayReport promoted = replay(kafka, "strict", true, dataDir, quiet());

            // Then the pool's machine entries are exactly the replay's examples; human entries are untouched
            Map<String, PoolEntry> poolAfter = pool(cluster, topics);
            assertThat(promoted.promotion()).isPresent();
            assertThat(machine(poolAfter)).isEqualTo(replayedExamples);
            assertThat(human(poolAfter)).isEqualTo(human(poolBefore));
            assertThat(machine(poolAfter).size()).isLessThan(machine(poolBefore).size());
        }
    }

    private ReplayReport replay(KafkaSettings kafka, String tag, boolean promote, Path dataDir, PrintStream out)
            throws Exception {
        Map<String, String> rules = new HashMap<>(Map.of("filter.near-duplicate.threshold", "0.5"));
        return new Replay(kafka, new Replay.Options(tag, Optional.empty(), rules, dataDir.resolve("state/replay"),
                promote, Duration.ofMinutes(2), FilterConfig.APPLICATION_ID.defaultValue()), out).run();
    }

    /** The pool as compaction will leave it: the last value per key, deletions applied. */
    private static Map<String, PoolEntry> pool(Cluster cluster, TopicRegistry topics) {
        Map<String, PoolEntry> pool = new HashMap<>();
        Topic<String, PoolEntry> topic = topics.pool();
        TopicReader.readAll(cluster.bootstrapServers(), topic.name()).forEach(record -> {
            String key = new String(record.key(), StandardCharsets.UTF_8);
            if (record.value() == null) {
                pool.remove(key);
            } else {
                pool.put(key, topic.valueSerde().deserializer().deserialize(topic.name(), record.value()));
            }
        });
        return pool;
    }

    private static Set<String> machine(Map<String, PoolEntry> pool) {
        return pool.values().stream().filter(e -> e.getSource() == Source.MACHINE).map(PoolEntry::getId)
                .collect(Collectors.toSet());
    }

    private static Set<String> human(Map<String, PoolEntry> pool) {
        return pool.values().stream().filter(e -> e.getSource() != Source.MACHINE).map(PoolEntry::getId)
                .collect(Collectors.toSet());
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    }
}
