package dev.seedloop.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.seedloop.testkit.SharedData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starting from one's own data with the packaged command: ingest into a new data directory, grow that pool with
 * the demo to an exact target, export what is there; and an empty pool that nothing would fill is refused.
 */
@Timeout(600)
class StartAnywhereIT {

    private static final Duration BOUND = Duration.ofMinutes(4);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    @Test
    void ingestIntoANewDirectoryThenGrowItToAnExactTargetThenExportBoth() throws Exception {
        // Given 200 Alpaca records, two of them unreadable, in a folder of their own
        Path datasets = Files.createDirectory(work.resolve("datasets"));
        List<String> lines = new ArrayList<>(Files.readAllLines(SharedData.file("alpaca_5000.jsonl"),
                StandardCharsets.UTF_8).subList(0, 198));
        lines.add("{\"instruction\": 42}");
        lines.add("not json");
        Path alpaca = Files.write(datasets.resolve("alpaca.jsonl"), lines, StandardCharsets.UTF_8);
        String dataDir = work.resolve("new").toString();

        // When they are ingested into a data directory that does not exist yet
        CommandRun ingest = CommandRun.run(work, BOUND, "ingest", "--format", "alpaca", "--in", alpaca.toString(),
                "--data-dir", dataDir);

        // Then it is created with its broker, and the rejects go into it, not beside the dataset
        assertThat(ingest.exitCode()).as(ingest.output()).isZero();
        assertThat(ingest.output()).contains("a new data directory").contains("198 written to the pool");
        assertThat(datasets).isDirectoryNotContaining(path -> !path.equals(alpaca));
        Path rejects = work.resolve("new/rejects/alpaca.jsonl.rejects.jsonl");
        assertThat(Files.readAllLines(rejects)).hasSize(2);
        assertThat(ingest.output()).contains(rejects.toString());

        // When the demo grows that pool, starting from nothing else, to a target of 7
        CommandRun demo = CommandRun.run(work, BOUND, "demo", "--seeds", "none", "--examples", "7", "--data-dir",
                dataDir, "--summary-json", work.resolve("summary.json").toString());

        // Then exactly 7 examples joined, and the pool says what it holds
        assertThat(demo.exitCode()).as(demo.output()).isZero();
        JsonNode summary = JSON.readTree(work.resolve("summary.json").toFile());
        assertThat(summary.get("examplesAccepted").asInt()).isEqualTo(7);
        assertThat(summary.get("ingestedCount").asInt()).isEqualTo(198);
        assertThat(summary.get("seedCount").asInt()).isZero();
        assertThat(demo.output()).contains("198 ingested, 7 machine-written");

        // When the pool is exported
        Path out = work.resolve("export.jsonl");
        CommandRun export = CommandRun.run(work, BOUND, "export", "--format", "alpaca", "--out", out.toString(),
                "--data-dir", dataDir);

        // Then it holds the ingested rows and the new ones
        assertThat(export.exitCode()).as(export.output()).isZero();
        Map<String, Integer> entriesBySource = new TreeMap<>();
        Map<String, List<String>> instructions = new TreeMap<>();
        for (String row : Files.readAllLines(out, StandardCharsets.UTF_8)) {
            JsonNode node = JSON.readTree(row);
            instructions.computeIfAbsent(node.get("source").asText(), source -> new ArrayList<>())
                    .add(node.get("instruction").asText());
        }
        instructions.forEach((source, list) -> entriesBySource.put(source, (int) list.stream().distinct().count()));
        assertThat(entriesBySource).isEqualTo(Map.of("human-dataset", 198, "machine", 7));
    }

    @Test
    void anEmptyPoolThatNothingWouldFillIsRefusedAndSoAreSeedsInAnotherLayout() throws Exception {
        CommandRun demo = CommandRun.run(work, BOUND, "demo", "--seeds", "none", "--examples", "5", "--data-dir",
                work.resolve("empty").toString());

        assertThat(demo.exitCode()).as(demo.output()).isEqualTo(2);
        assertThat(demo.output()).contains("is empty and --seeds none loads nothing").contains("seedloop ingest")
                .doesNotContain("at dev.seedloop");

        Path alpaca = Files.write(work.resolve("alpaca.jsonl"), Files.readAllLines(SharedData.file(
                "alpaca_5000.jsonl"), StandardCharsets.UTF_8).subList(0, 30), StandardCharsets.UTF_8);
        CommandRun seeds = CommandRun.run(work, BOUND, "demo", "--seeds", alpaca.toString(), "--examples", "5",
                "--data-dir", work.resolve("other").toString());

        assertThat(seeds.exitCode()).as(seeds.output()).isEqualTo(2);
        assertThat(seeds.output()).contains("is not a file of seed tasks in Self-Instruct's layout")
                .contains("--seeds none").doesNotContain("is --format right").doesNotContain("at dev.seedloop");
    }
}
