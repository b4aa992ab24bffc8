package dev.seedloop.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The demo as a user runs it: the packaged command in its own process. */
@Timeout(600)
class DemoIT {

    private static final Path JAR = Path.of("..", "launcher", "target", "seedloop.jar");

    @TempDir
    Path work;

    @Test
    void reachesTheTargetAndASecondRunContinuesTheSamePool() throws Exception {
        // Given a fresh data directory
        Path dataDir = work.resolve("data");

        // When the demo runs twice on it
        Run first = demo(Map.of(), "--examples", "20", "--data-dir", dataDir.toString(), "--summary-json",
                work.resolve("first.json").toString());
        Run second = demo(Map.of(), "--examples", "10", "--data-dir", dataDir.toString(), "--summary-json",
                work.resolve("second.json").toString());

        // Then both reach their target, the seeds are loaded once, and the pool keeps growing
        assertThat(first.exitCode()).as(first.output()).isZero();
        assertThat(second.exitCode()).as(second.output()).isZero();
        assertThat(first.output()).contains("SIMULATED").contains("loaded the 175 bundled Self-Instruct seed tasks");
        assertThat(second.output()).contains("continuing the pool").doesNotContain("loaded the 175");
        JsonNode one = json(work.resolve("first.json"));
        JsonNode two = json(work.resolve("second.json"));
        assertThat(one.get("examplesAccepted").asLong()).isGreaterThanOrEqualTo(20);
        assertThat(one.get("seedCount").asLong()).isEqualTo(175);
        assertThat(one.get("poolSize").asLong()).isGreaterThanOrEqualTo(195);
        assertThat(one.get("candidates").asLong()).isPositive();
        assertThat(one.get("instructionsAccepted").asLong()).isPositive();
        assertThat(one.get("rejected").has("near-duplicate")).isTrue();
        assertThat(one.get("llm").asText()).isEqualTo("simulated");
        assertThat(two.get("seedCount").asLong()).isEqualTo(175);
        assertThat(two.get("poolSize").asLong()).isGreaterThan(one.get("poolSize").asLong());
        assertThat(Files.readAllLines(dataDir.resolve("examples.jsonl"))).hasSizeGreaterThanOrEqualTo(30);
    }

    @Test
    void aBudgetStopsGenerationAndTheSummaryShowsWhatEachStageSpent() throws Exception {
        // When the demo evolves instructions with a judge and a budget far below what the target would cost
        Run run = demo(Map.of(), "--examples", "5000", "--method", "evol-instruct", "--min-quality", "3",
                "--max-cost", "0.005", "--data-dir", work.resolve("budget").toString(), "--summary-json",
                work.resolve("budget.json").toString());

        // Then it stops generating at the budget, lets what is in flight finish, and says what it spent
        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("Method  evol-instruct").contains("stopped by --max-cost");
        JsonNode summary = json(work.resolve("budget.json"));
        assertThat(summary.get("budgetReached").asBoolean()).isTrue();
        assertThat(summary.get("targetReached").asBoolean()).isFalse();
        assertThat(summary.get("costUsd").asDouble()).isGreaterThanOrEqualTo(0.005);
        List<String> stages = new ArrayList<>();
        summary.get("llmUsage").forEach(row -> {
            stages.add(row.get("stage").asText());
            assertThat(row.get("model").asText()).isEqualTo("seedloop-simulated-llm");
            assertThat(row.get("priced").asBoolean()).isTrue();
            assertThat(row.get("promptTokens").asLong()).isPositive();
            assertThat(row.get("costUsd").asDouble()).isPositive();
        });
        assertThat(stages).containsExactlyInAnyOrder("generator", "responder");
        assertThat(summary.get("rejected").has("no-information-gain")).isTrue();
    }

    @Test
    void anUnreachableEndpointIsAClearErrorAtStart() throws Exception {
        Run run = demo(Map.of("OPENAI_BASE_URL", "http://127.0.0.1:1/v1"), "--examples", "5", "--data-dir",
                work.resolve("unreachable").toString());

        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.output()).contains("LLM endpoint http://127.0.0.1:1/v1 is not usable: connection refused")
                .doesNotContain("Request failed");
    }

    @Test
    void anInvalidOptionIsAUsageError() throws Exception {
        Run run = demo(Map.of(), "--examples", "many");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.output()).contains("--examples");
        Run method = demo(Map.of(), "--method", "magic");
        assertThat(method.exitCode()).isEqualTo(2);
        assertThat(method.output()).contains("--method must be one of alpaca, evol-instruct, persona-self-instruct, "
                + "self-instruct, self-instruct-classification, not 'magic'");
    }

    private Run demo(Map<String, String> environment, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-jar", JAR.toString(), "demo"));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("OPENAI_") || name.startsWith("SEEDLOOP_"));
        builder.environment().putAll(environment);
        Path log = Files.createTempFile(work, "demo", ".out");
        builder.redirectOutput(log.toFile());
        Process process = builder.start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            throw new AssertionError("the demo did not finish within 5 minutes:\n" + Files.readString(log));
        }
        return new Run(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    private static JsonNode json(Path file) throws IOException {
        return new ObjectMapper().readTree(file.toFile());
    }

    private record Run(int exitCode, String output) {
    }
}
