package dev.seedloop.system.operate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.seedloop.system.CommandRun;
import dev.seedloop.filter.FilterConfig;
import dev.seedloop.launcher.cluster.Cluster;
import dev.seedloop.runtime.config.KafkaSettings;
import dev.seedloop.schemas.Topic;
import dev.seedloop.schemas.TopicRegistry;
import dev.seedloop.schemas.avro.Example;
import dev.seedloop.schemas.avro.PoolEntry;
import dev.seedloop.schemas.avro.Source;
import dev.seedloop.testkit.TopicReader;
import dev.seedloop.tools.replay.Replay;
import dev.seedloop.tools.replay.ReplayReport;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's "Operate it" steps with the packaged command, one process each as a user types them: a demo, a
 * stricter replay (fewer accepted, the difference reported, the live pool untouched), a replay from a time, its
 * promotion, more generation, and an audit that finds every promise kept, with the examples file saying what the
 * pool says.
 */
@Timeout(600)
class OperateIT {

    private static final Duration BOUND = Duration.ofMinutes(4);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TopicRegistry TOPICS = TopicRegistry.standard();

    @TempDir
    Path work;

    @Test
    void aPromotedReplayAndMoreGenerationLeaveACleanAuditAndAFaithfulExamplesFile() throws Exception {
        String dataDir = work.resolve("data").toString();

        // Given a demo that grew its pool
        CommandRun demo = CommandRun.run(work, BOUND, "demo", "--examples", "50", "--metrics-port", "0",
                "--data-dir", dataDir);
        assertThat(demo.exitCode()).as(demo.output()).isZero();
        Map<String, PoolEntry> poolBefore;
        try (Cluster cluster = connect()) {
            poolBefore = pool(cluster);
        }

        // When its candidates are replayed with a stricter near-duplicate threshold
        CommandRun replay = CommandRun.run(work, BOUND, "replay", "--tag", "strict", "--set",
                "filter.near-duplicate.threshold=0.5", "--data-dir", dataDir);

        // Then the rules are named by their id and their settings, not their internals
        assertThat(replay.exitCode()).as(replay.output()).isZero();
        Matcher rules = Pattern.compile("Rules   (rules-[0-9a-f]{10}): filter\\.near-duplicate\\.threshold=0\\.5, "
                + "every other rule at its default").matcher(replay.output());
        assertThat(rules.find()).as(replay.output()).isTrue();
        String rulesId = rules.group(1);

        // And fewer instructions are accepted, the difference is reported by reason, and the pool is unchanged
        Row instructions = row(replay, "instructions accepted");
        assertThat(instructions.replay()).as(replay.output()).isLessThan(instructions.live());
        Row nearDuplicates = row(replay, "rejected: near-duplicate");
        assertThat(nearDuplicates.replay()).as(replay.output()).isGreaterThan(nearDuplicates.live());
        Matcher changed = Pattern.compile("changed verdicts: (\\d+)").matcher(replay.output());
        assertThat(changed.find()).as(replay.output()).isTrue();
        assertThat(Long.parseLong(changed.group(1))).isPositive();
        assertThat(replay.output()).contains("the live pool is unchanged");
        Set<String> replayedExamples;
        ReplayReport recent;
        try (Cluster cluster = connect()) {
            assertThat(pool(cluster)).isEqualTo(poolBefore);
            replayedExamples = replayedExamples(cluster, "strict");
            assertThat(replayedExamples).hasSize((int) row(replay, "examples accepted").replay());

            // And a replay from a time judges only the candidates written since, against the pool as it was then:
            // under the live rules, the same verdicts
            List<ConsumerRecord<byte[], byte[]>> candidates = TopicReader.readAll(cluster.bootstrapServers(),
                    TOPICS.candidates().name());
            long middle = candidates.get(candidates.size() / 2).timestamp();
            long since = candidates.stream().filter(record -> record.timestamp() >= middle).count();
            recent = new Replay(KafkaSettings.forBootstrap(cluster.bootstrapServers()), new Replay.Options("recent",
                    Optional.of(Instant.ofEpochMilli(middle)), Map.of(), work.resolve("data/state/replay"), false,
                    Duration.ofMinutes(2), FilterConfig.APPLICATION_ID.defaultValue()), quiet()).run();
            assertThat(recent.candidates()).isEqualTo(since).isLessThan(candidates.size());
        }
        assertThat(recent.changedVerdicts()).isZero();

        // And the same tag is not replayed twice
        CommandRun again = CommandRun.run(work, BOUND, "replay", "--tag", "strict", "--set",
                "filter.near-duplicate.threshold=0.5", "--data-dir", dataDir);
        assertThat(again.exitCode()).as(again.output()).isEqualTo(2);
        assertThat(again.lines().get(again.lines().size() - 1)).startsWith("replay: the tag 'strict' was replayed on")
                .contains("add --promote");
        assertThat(again.output()).doesNotContain("at dev.seedloop");

        // When it is promoted
        CommandRun promote = CommandRun.run(work, BOUND, "replay", "--tag", "strict", "--promote", "--data-dir",
                dataDir);

        // Then the header names the rules that were replayed, the pool's machine entries are exactly the replay's
        // examples, human entries are untouched, and the examples file follows the pool at once
        assertThat(promote.exitCode()).as(promote.output()).isZero();
        assertThat(promote.output()).contains("under rules " + rulesId).contains("promoted");
        try (Cluster cluster = connect()) {
            Map<String, PoolEntry> poolAfter = pool(cluster);
            assertThat(ids(poolAfter, true)).isEqualTo(replayedExamples)
                    .hasSizeLessThan(ids(poolBefore, true).size());
            assertThat(ids(poolAfter, false)).isEqualTo(ids(poolBefore, false));
            assertThat(mirror()).isEqualTo(machineEntries(cluster));
        }

        // When more is generated and the loop is audited
        CommandRun more = CommandRun.run(work, BOUND, "demo", "--examples", "20", "--data-dir", dataDir);
        assertThat(more.exitCode()).as(more.output()).isZero();
        CommandRun audit = CommandRun.run(work, BOUND, "audit", "--data-dir", dataDir);

        // Then every promise holds, and the examples file is the pool's machine-written entries
        assertThat(audit.exitCode()).as(audit.output()).isZero();
        assertThat(audit.output()).contains("0 written twice, 0 without an example").doesNotContain("BROKEN");
        try (Cluster cluster = connect()) {
            assertThat(mirror()).isEqualTo(machineEntries(cluster));
        }
    }

    /** One row of the replay's comparison table: the live loop's figure and the replay's. */
    private record Row(long live, long replay) {
    }

    private static Row row(CommandRun replay, String label) {
        Matcher row = Pattern.compile(Pattern.quote(label) + " +(\\d+) +(\\d+)").matcher(replay.output());
        assertThat(row.find()).as("the row '%s' in %s", label, replay.output()).isTrue();
        return new Row(Long.parseLong(row.group(1)), Long.parseLong(row.group(2)));
    }

    /** The pool as compaction will leave it: the last value per key, deletions applied. */
    private static Map<String, PoolEntry> pool(Cluster cluster) {
        Map<String, PoolEntry> pool = new HashMap<>();
        Topic<String, PoolEntry> topic = TOPICS.pool();
        for (var record : TopicReader.readAll(cluster.bootstrapServers(), topic.name())) {
            String key = new String(record.key(), StandardCharsets.UTF_8);
            if (record.value() == null) {
                pool.remove(key);
            } else {
                pool.put(key, topic.valueSerde().deserializer().deserialize(topic.name(), record.value()));
            }
        }
        return pool;
    }

    /** The ids of the machine-written entries of {@code pool}, or of the others. */
    private static Set<String> ids(Map<String, PoolEntry> pool, boolean machine) {
        return pool.values().stream().filter(entry -> (entry.getSource() == Source.MACHINE) == machine)
                .map(PoolEntry::getId).collect(Collectors.toSet());
    }

    /** The instruction ids of the examples a replay wrote to its own topic. */
    private static Set<String> replayedExamples(Cluster cluster, String tag) {
        Topic<String, Example> examples = TOPICS.replay(tag).examples();
        return TopicReader.readAll(cluster.bootstrapServers(), examples.name()).stream()
                .map(record -> examples.valueSerde().deserializer().deserialize(examples.name(), record.value())
                        .getInstructionId())
                .collect(Collectors.toSet());
    }

    /** The data directory's broker, started in this process (no command is running on it). */
    private Cluster connect() {
        return Cluster.connect(Optional.empty(), work.resolve("data"), "test", quiet());
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    }

    /** The examples file: id to instruction, in file order. */
    private Map<String, String> mirror() throws Exception {
        Map<String, String> entries = new LinkedHashMap<>();
        for (String line : Files.readAllLines(work.resolve("data/examples.jsonl"), StandardCharsets.UTF_8)) {
            JsonNode node = JSON.readTree(line);
            assertThat(entries.put(node.get("id").asText(), node.get("instruction").asText())).as("each id once")
                    .isNull();
        }
        return entries;
    }

    /** The pool's machine-written entries as compaction will leave them: id to instruction, in joining order. */
    private static Map<String, String> machineEntries(Cluster cluster) {
        Topic<String, PoolEntry> pool = TOPICS.pool();
        Map<String, String> entries = new LinkedHashMap<>();
        for (var record : TopicReader.readAll(cluster.bootstrapServers(), pool.name())) {
            String key = new String(record.key(), StandardCharsets.UTF_8);
            PoolEntry entry = record.value() == null ? null
                    : pool.valueSerde().deserializer().deserialize(pool.name(), record.value());
            if (entry == null || entry.getSource() != Source.MACHINE) {
                entries.remove(key);
            } else if (!entries.containsKey(key)) {
                entries.put(key, entry.getInstruction());
            }
        }
        return entries;
    }
}
