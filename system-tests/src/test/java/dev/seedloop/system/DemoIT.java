package dev.seedloop.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.seedloop.filter.rule.Rule;
import dev.seedloop.filter.rule.Rules;
import dev.seedloop.launcher.demo.SeedTasks;
import dev.seedloop.llm.simulated.SimulatedLlmConfig;
import dev.seedloop.runtime.config.ConfigSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The demo as a user runs it: the packaged command in its own process. */
@Timeout(600)
class DemoIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path JAR = Path.of("..", "launcher", "target", "seedloop.jar");

    @TempDir
    Path work;

    @Test
    void fiveHundredExamplesFollowTheGrammarEveryRuleHasWorkAndASecondRunContinuesThePool() throws Exception {
        // Given a fresh data directory
        Path dataDir = work.resolve("data");

        // When the demo makes 500 examples on it, and then 10 more
        Run first = demo(Map.of(), "--examples", "500", "--data-dir", dataDir.toString(), "--summary-json",
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
        assertThat(one.get("examplesAccepted").asLong()).isGreaterThanOrEqualTo(500);
        assertThat(one.get("seedCount").asLong()).isEqualTo(175);
        assertThat(one.get("poolSize").asLong()).isGreaterThanOrEqualTo(675);
        assertThat(one.get("instructionsAccepted").asLong()).isPositive();
        assertThat(one.get("llm").asText()).isEqualTo("simulated");
        assertThat(two.get("seedCount").asLong()).isEqualTo(175);
        assertThat(two.get("poolSize").asLong()).isGreaterThan(one.get("poolSize").asLong());
        List<String> lines = Files.readAllLines(dataDir.resolve("examples.jsonl"), StandardCharsets.UTF_8);
        assertThat(lines).hasSizeGreaterThanOrEqualTo(510);

        // And every instruction is the simulator's grammar at work: it starts with a verb, and it has no word
        // the grammar never writes, unless it rewords one seed task (whose words it then keeps)
        DemoGrammar grammar = DemoGrammar.english();
        List<Set<String>> seeds = SeedTasks.bundled().stream().map(seed -> DemoGrammar.words(seed.getInstruction()))
                .toList();
        for (String line : lines.subList(0, 500)) {
            String instruction = JSON.readTree(line).get("instruction").asText();
            assertThat(grammar.verbs()).as(instruction).contains(instruction.split(" ")[0]);
            Set<String> foreign = new TreeSet<>(DemoGrammar.words(instruction));
            foreign.removeAll(grammar.vocabulary());
            if (!foreign.isEmpty()) {
                assertThat(seeds).as("the words %s of '%s' are not the grammar's: they come from one seed task",
                        foreign, instruction).anySatisfy(seed -> assertThat(seed).containsAll(foreign));
            }
        }

        // And every rule the demo applies to what the self-instruct method makes rejected something
        Map<String, Long> rejected = new TreeMap<>();
        one.get("rejected").fields().forEachRemaining(reason -> rejected.put(reason.getKey(),
                reason.getValue().asLong()));
        List<String> applied = Rules.all().stream()
                .filter(rule -> Rules.enabled(rule, ConfigSource.ofValues(Map.of())))
                .map(Rule::name)
                // judge direct answers, which self-instruct does not ask for
                .filter(name -> !name.equals("apologetic-response") && !name.equals("stopwords-only"))
                // the responder's stop sequence ends an answer before a sixth example, so there is nothing to drop
                .filter(name -> !name.equals("max-instances"))
                .toList();
        assertThat(applied).hasSizeGreaterThan(15);
        assertThat(applied).allSatisfy(rule -> assertThat(rejected.getOrDefault(rule, 0L))
                .as("rejections by %s in %s", rule, rejected).isPositive());

        // And the duplicates rejected are at least the rewordings the simulator was told to write, and not so many
        // more that the grammar has run dry
        long duplicates = rejected.getOrDefault("near-duplicate", 0L) + rejected.getOrDefault("exact-duplicate", 0L)
                + rejected.getOrDefault("semantic-duplicate", 0L);
        double share = duplicates / (double) one.get("candidates").asLong();
        double rewordings = SimulatedLlmConfig.defaults().nearDuplicateShare();
        assertThat(share).as("duplicates among %d candidates", one.get("candidates").asLong())
                .isBetween(rewordings, rewordings + 0.35);
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
        return JSON.readTree(file.toFile());
    }

    private record Run(int exitCode, String output) {
    }
}
