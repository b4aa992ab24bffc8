package dev.seedloop.system.operate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.seedloop.system.CommandRun;
import dev.seedloop.launcher.cluster.Cluster;
import dev.seedloop.schemas.Topic;
import dev.seedloop.schemas.TopicRegistry;
import dev.seedloop.schemas.avro.PoolEntry;
import dev.seedloop.schemas.avro.Source;
import dev.seedloop.testkit.TopicReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's "Operate it" steps with the packaged command, one process each as a user types them: a demo, a
 * stricter replay, its promotion, more generation, and an audit that finds every promise kept, with the examples
 * file saying what the pool says.
 */
@Timeout(600)
class OperateIT {

    private static final Duration BOUND = Duration.ofMinutes(4);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    @Test
    void aPromotedReplayAndMoreGenerationLeaveACleanAuditAndAFaithfulExamplesFile() throws Exception {
        String dataDir = work.resolve("data").toString();

        // Given a demo that grew its pool
        CommandRun demo = CommandRun.run(work, BOUND, "demo", "--examples", "50", "--metrics-port", "0",
                "--data-dir", dataDir);
        assertThat(demo.exitCode()).as(demo.output()).isZero();

        // When its candidates are replayed with a stricter near-duplicate threshold
        CommandRun replay = CommandRun.run(work, BOUND, "replay", "--tag", "strict", "--set",
                "filter.near-duplicate.threshold=0.5", "--data-dir", dataDir);

        // Then the rules are named by their id and their settings, not their internals
        assertThat(replay.exitCode()).as(replay.output()).isZero();
        Matcher rules = Pattern.compile("Rules   (rules-[0-9a-f]{10}): filter\\.near-duplicate\\.threshold=0\\.5, "
                + "every other rule at its default").matcher(replay.output());
        assertThat(rules.find()).as(replay.output()).isTrue();
        String rulesId = rules.group(1);

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

        // Then the header names the rules that were replayed, and the examples file follows the pool at once
        assertThat(promote.exitCode()).as(promote.output()).isZero();
        assertThat(promote.output()).contains("under rules " + rulesId).contains("promoted");
        assertThat(mirror()).isEqualTo(machineEntries());

        // When more is generated and the loop is audited
        CommandRun more = CommandRun.run(work, BOUND, "demo", "--examples", "20", "--data-dir", dataDir);
        assertThat(more.exitCode()).as(more.output()).isZero();
        CommandRun audit = CommandRun.run(work, BOUND, "audit", "--data-dir", dataDir);

        // Then every promise holds, and the examples file is the pool's machine-written entries
        assertThat(audit.exitCode()).as(audit.output()).isZero();
        assertThat(audit.output()).contains("0 written twice, 0 without an example").doesNotContain("BROKEN");
        assertThat(mirror()).isEqualTo(machineEntries());
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
    private Map<String, String> machineEntries() {
        TopicRegistry topics = TopicRegistry.standard();
        Topic<String, PoolEntry> pool = topics.pool();
        Map<String, String> entries = new LinkedHashMap<>();
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        try (Cluster cluster = Cluster.connect(Optional.empty(), work.resolve("data"), "test", quiet)) {
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
        }
        return entries;
    }
}
