package dev.seedloop.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seedloop.launcher.demo.SeedTasks;
import dev.seedloop.schemas.avro.PoolEntry;
import dev.seedloop.schemas.avro.Source;
import dev.seedloop.testkit.SharedData;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SeedloopCommandTest {

    @Test
    void listsEveryKeyOfAStageWithItsVariableDefaultAndMeaning() {
        String output = capture("config", "filter");

        assertThat(output).contains("filter.near-duplicate.threshold")
                .contains("env      SEEDLOOP_FILTER_NEAR_DUPLICATE_THRESHOLD").contains("default  0.7")
                .contains("kafka.bootstrap-servers").contains("KAFKA_BOOTSTRAP_SERVERS");
        assertThat(capture("config", "generator")).contains("llm.api-key").contains("OPENAI_API_KEY")
                .contains("default  (none)");
    }

    @Test
    void aStageWithAnUnknownOrInvalidKeyStopsWithAConfigurationError() {
        assertThat(Seedloop.commandLine().execute("filter", "--bootstrap-servers", "127.0.0.1:1", "--set",
                "filter.near-duplicate.treshold=0.5")).isEqualTo(2);
        assertThat(Seedloop.commandLine().execute("filter", "--bootstrap-servers", "127.0.0.1:1", "--set",
                "filter.near-duplicate.threshold=1.5")).isEqualTo(2);
        assertThat(Seedloop.commandLine().execute("generator", "--bootstrap-servers", "127.0.0.1:1", "--set",
                "llm.base-url=http://127.0.0.1:1/v1", "--set", "llm.concurrency=0")).isEqualTo(2);
    }

    @Test
    void badDemoOptionsAreUsageErrors() {
        assertThat(Seedloop.commandLine().execute("demo", "--examples", "-1")).isEqualTo(2);
        assertThat(Seedloop.commandLine().execute("demo", "--timeout", "soon")).isEqualTo(2);
        assertThat(Seedloop.commandLine().execute("no-such-command")).isEqualTo(2);
    }

    @Test
    void replayIngestAndTheMetricsPortRefuseBadOptionsBeforeTouchingKafka(@TempDir Path directory) throws Exception {
        String untouched = directory.resolve("no-demo").toString();
        Path notUtf8 = directory.resolve("rules.properties");
        Files.write(notUtf8, new byte[] {'f', 'i', (byte) 0xff, '=', '1', '\n'});

        assertThat(Seedloop.commandLine().execute("demo", "--metrics-port", "70000")).isEqualTo(2);
        assertThat(Seedloop.commandLine().execute("replay", "--tag", "t", "--from-time", "yesterday",
                "--data-dir", untouched)).isEqualTo(2);
        assertThat(Seedloop.commandLine().execute("replay", "--tag", "t", "--set", "filter.treshold=0.5",
                "--data-dir", untouched)).isEqualTo(2);
        assertThat(Seedloop.commandLine().execute("replay", "--tag", "t", "--set",
                "filter.near-duplicate.threshold=1.5", "--data-dir", untouched)).isEqualTo(2);
        assertThat(Seedloop.commandLine().execute("replay", "--tag", "t", "--filter-config",
                directory.resolve("missing.properties").toString(), "--data-dir", untouched)).isEqualTo(2);
        assertThat(Seedloop.commandLine().execute("replay", "--tag", "t", "--filter-config", notUtf8.toString(),
                "--data-dir", untouched)).isEqualTo(2);
        assertThat(Seedloop.commandLine().execute("replay", "--tag", "Bad Tag!", "--data-dir", untouched))
                .isEqualTo(2);
        assertThat(Seedloop.commandLine().execute("ingest", "--format", "csv", "--in", notUtf8.toString(),
                "--data-dir", untouched)).isEqualTo(2);
        assertThat(Seedloop.commandLine().execute("ingest", "--format", "jsonl", "--map", "instruction=q",
                "--in", notUtf8.toString(), "--data-dir", untouched)).isEqualTo(2);
        assertThat(Seedloop.commandLine().execute("ingest", "--format", "alpaca", "--in",
                directory.resolve("missing.jsonl").toString(), "--data-dir", untouched)).isEqualTo(2);
        assertThat(Path.of(untouched)).as("refused before the data directory was created").doesNotExist();
    }

    @Test
    void theDataCommandsRefuseBadOptionsAndBadTemplatesBeforeTouchingKafka(@TempDir Path directory)
            throws Exception {
        String untouched = directory.resolve("no-demo").toString();
        Path data = directory.resolve("data.jsonl");
        Files.writeString(data, "{}\n");
        Path notUtf8 = directory.resolve("template.yaml");
        Files.write(notUtf8, new byte[] {'n', 'a', 'm', 'e', ':', ' ', (byte) 0xff, (byte) 0xfe, '\n'});
        Path empty = directory.resolve("empty.yaml");
        Files.writeString(empty, "");
        Path huge = directory.resolve("huge.yaml");
        Files.writeString(huge, "name: huge\nphrasings: [{instruction: x, output: y}]\ntask: " + "x".repeat(4_000_000)
                + "\n");

        assertThat(Seedloop.commandLine().execute("ingest", "--format", "benchmark", "--in", data.toString(),
                "--data-dir", untouched)).as("no --template").isEqualTo(2);
        assertThat(Seedloop.commandLine().execute("ingest", "--format", "benchmark", "--template", "no-such-task",
                "--in", data.toString(), "--data-dir", untouched)).isEqualTo(2);
        for (Path template : List.of(notUtf8, empty, huge)) {
            assertThat(Seedloop.commandLine().execute("ingest", "--format", "benchmark", "--template",
                    template.toString(), "--in", data.toString(), "--data-dir", untouched)).as("%s", template)
                    .isEqualTo(2);
        }
        assertThat(Seedloop.commandLine().execute("ingest", "--format", "alpaca", "--in", data.toString(),
                "--wait", "10s", "--data-dir", untouched)).as("--wait without --filter").isEqualTo(2);
        assertThat(Seedloop.commandLine().execute("export", "--format", "csv", "--out", "x",
                "--data-dir", untouched)).isEqualTo(2);
        assertThat(Seedloop.commandLine().execute("export", "--format", "alpaca", "--out", "x", "--since",
                "yesterday", "--data-dir", untouched)).isEqualTo(2);
        assertThat(Seedloop.commandLine().execute("export", "--format", "alpaca", "--out", "x", "--source",
                "robots", "--data-dir", untouched)).isEqualTo(2);
        assertThat(Seedloop.commandLine().execute("audit", "--threshold", "1.5", "--data-dir", untouched))
                .isEqualTo(2);
        assertThat(Path.of(untouched)).as("refused before the data directory was created").doesNotExist();
    }

    @Test
    void filterFileJudgesAFileAndRefusesBadOptionsWithAUsageError(@TempDir Path directory) throws Exception {
        String seeds = SharedData.file("seed_tasks.jsonl").toString();
        Path out = directory.resolve("verdicts.jsonl");

        assertThat(Seedloop.commandLine().execute("filter-file", "--in", seeds, "--out", out.toString(),
                "--filters", "near-duplicate", "--threads", "2")).isZero();
        assertThat(Files.readAllLines(out)).hasSize(175)
                .filteredOn(line -> line.contains("\"accepted\":false")).hasSize(2);

        assertThat(Seedloop.commandLine().execute("filter-file", "--in", seeds, "--out", out.toString(),
                "--filters", "near-dupes")).isEqualTo(2);
        assertThat(Seedloop.commandLine().execute("filter-file", "--in", seeds, "--out", out.toString(),
                "--threshold", "1.5")).isEqualTo(2);
        assertThat(Seedloop.commandLine().execute("filter-file", "--in", seeds, "--out", out.toString(),
                "--preset", "unknown")).isEqualTo(2);
        assertThat(Seedloop.commandLine().execute("filter-file", "--in", directory.resolve("missing.jsonl")
                .toString(), "--out", out.toString())).isEqualTo(2);
        assertThat(Seedloop.commandLine().execute("filter-file", "--in", seeds)).isEqualTo(2);
    }

    @Test
    void theBundledSeedsAreSelfInstructs175HumanTasksWithDistinctIds() {
        List<PoolEntry> seeds = SeedTasks.bundled();

        assertThat(seeds).hasSize(175).allMatch(seed -> seed.getSource() == Source.HUMAN_SEED)
                .allMatch(seed -> !seed.getInstances().isEmpty())
                .allMatch(seed -> "Apache-2.0".equals(seed.getProvenance().getLicense()));
        assertThat(seeds).extracting(PoolEntry::getId).doesNotHaveDuplicates();
        assertThat(seeds.get(0).getProvenance().getSourceRecordId()).isEqualTo("seed_task_0");
    }

    private static String capture(String... arguments) {
        PrintStream original = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            assertThat(Seedloop.commandLine().execute(arguments)).isZero();
        } finally {
            System.setOut(original);
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }
}
