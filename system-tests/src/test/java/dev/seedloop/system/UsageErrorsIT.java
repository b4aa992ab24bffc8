package dev.seedloop.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Everyday mistakes, made with the packaged command as a user makes them: each is one line that says what to do
 * instead, exit status 2, no stack trace, and nothing left behind (no folder created, no rejects file, no broker).
 */
@Timeout(300)
class UsageErrorsIT {

    private static final Duration BOUND = Duration.ofSeconds(60);

    @TempDir
    Path work;

    /** One mistake: the arguments, and what its one line must say. */
    private record Mistake(String why, List<String> arguments, String says) {
    }

    @Test
    void everyMistakeIsOneLineAndExitStatusTwo() throws Exception {
        // Given a folder, a file, a busy port and a small Alpaca file
        Path folder = Files.createDirectory(work.resolve("a-folder"));
        Path file = Files.writeString(work.resolve("alpaca.jsonl"), "{\"instruction\": \"Name three rivers.\", "
                + "\"input\": \"\", \"output\": \"The Nile, the Congo, the Niger.\"}\n".repeat(25));
        Path missing = work.resolve("no-such-folder");
        Path csv = Files.writeString(work.resolve("eval.csv.jsonl"), "question,answer\nWhat is 2+2?,4\n");
        String dataDir = work.resolve("data").toString();
        try (ServerSocket busy = new ServerSocket()) {
            busy.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            String port = Integer.toString(busy.getLocalPort());
            List<Mistake> mistakes = List.of(
                    new Mistake("metrics port in use", List.of("demo", "--metrics-port", port, "--data-dir", dataDir),
                            "--metrics-port " + port + " is in use"),
                    new Mistake("export into a missing folder", List.of("export", "--format", "alpaca", "--out",
                            missing.resolve("x.jsonl").toString(), "--data-dir", dataDir), "does not exist"),
                    new Mistake("export onto a folder", List.of("export", "--format", "alpaca", "--out",
                            folder.toString(), "--data-dir", dataDir), "is a folder"),
                    new Mistake("ingest a folder", List.of("ingest", "--format", "alpaca", "--in", folder.toString(),
                            "--data-dir", dataDir), "is a folder"),
                    new Mistake("ingest rejects into a missing folder", List.of("ingest", "--format", "alpaca",
                            "--in", file.toString(), "--rejects", missing.resolve("r.jsonl").toString(),
                            "--data-dir", dataDir), "does not exist"),
                    new Mistake("filter-file into a missing folder", List.of("filter-file", "--in", file.toString(),
                            "--out", missing.resolve("v.jsonl").toString()), "does not exist"),
                    new Mistake("filter-file of a folder", List.of("filter-file", "--in", folder.toString(), "--out",
                            work.resolve("v.jsonl").toString()), "is a folder"),
                    new Mistake("filter-file in the wrong format", List.of("filter-file", "--format", "sharegpt",
                            "--in", file.toString(), "--out", work.resolve("v.jsonl").toString()),
                            "is --format right?"),
                    new Mistake("a semantic threshold without the rule", List.of("filter-file", "--in",
                            file.toString(), "--out", work.resolve("v.jsonl").toString(), "--filters",
                            "near-duplicate", "--semantic-threshold", "0.9"), "add it to --filters"),
                    new Mistake("a semantic threshold that is no number", List.of("filter-file", "--in",
                            file.toString(), "--out", work.resolve("v.jsonl").toString(), "--filters",
                            "semantic-duplicate", "--semantic-threshold", "high"), "not a number"),
                    new Mistake("a remote embedding model left unnamed", List.of("filter-file", "--in",
                            file.toString(), "--out", work.resolve("v.jsonl").toString(), "--set",
                            "embedding.provider=remote"), "needs embedding.model"),
                    new Mistake("the semantic rule with no embedding", List.of("filter-file", "--in",
                            file.toString(), "--out", work.resolve("v.jsonl").toString(), "--set",
                            "embedding.provider=none"), "filter.semantic-duplicate.enabled=false"),
                    new Mistake("an unknown eval set", List.of("contamination", "--eval", "gsm8k,mmlu", "--data-dir",
                            dataDir), "unknown eval set 'mmlu'"),
                    new Mistake("an eval file that does not exist", List.of("contamination", "--eval",
                            missing.resolve("eval.jsonl").toString(), "--data-dir", dataDir), "does not exist"),
                    new Mistake("an eval file that is not JSON lines", List.of("filter-file", "--in", file.toString(),
                            "--out", work.resolve("v.jsonl").toString(), "--eval", csv.toString()),
                            "line 1, is not JSON"),
                    new Mistake("an eval set named twice", List.of("export", "--format", "alpaca", "--out",
                            work.resolve("x.jsonl").toString(), "--require-clean", "gsm8k,gsm8k", "--data-dir",
                            dataDir), "named twice"),
                    new Mistake("eval sets without the rule", List.of("filter-file", "--in", file.toString(), "--out",
                            work.resolve("v.jsonl").toString(), "--filters", "near-duplicate", "--eval", "gsm8k"),
                            "add it to --filters"),
                    new Mistake("a duration without a unit", List.of("demo", "--timeout", "5"), "250ms, 30s, 5m"),
                    new Mistake("a data directory that is a file", List.of("demo", "--data-dir", file.toString()),
                            "is a file, not a folder"),
                    new Mistake("seeds that do not exist", List.of("demo", "--seeds", missing.resolve("s.jsonl")
                            .toString(), "--data-dir", dataDir), "does not exist"),
                    new Mistake("a summary into a missing folder", List.of("demo", "--summary-json",
                            missing.resolve("s.json").toString(), "--data-dir", dataDir), "does not exist"),
                    new Mistake("a negative target", List.of("demo", "--examples", "-1"), "0 or more"),
                    new Mistake("a mistyped option", List.of("demo", "--exampels", "5"), "did you mean --examples"),
                    new Mistake("a mistyped command", List.of("demoo"), "did you mean demo"),
                    new Mistake("an unknown stage", List.of("config", "simulatd"), "simulated-llm"));

            // When each is made
            ExecutorService pool = Executors.newFixedThreadPool(2);
            List<Future<CommandRun>> runs = new ArrayList<>();
            for (Mistake mistake : mistakes) {
                runs.add(pool.submit(() -> CommandRun.run(work, BOUND, mistake.arguments().toArray(String[]::new))));
            }
            pool.shutdown();

            // Then each is one line saying what is wrong, exit status 2, and no stack trace
            for (int i = 0; i < mistakes.size(); i++) {
                Mistake mistake = mistakes.get(i);
                CommandRun run = runs.get(i).get();
                assertThat(run.exitCode()).as(mistake.why() + ":\n" + run.output()).isEqualTo(2);
                assertThat(run.lines()).as(mistake.why()).hasSize(1);
                assertThat(run.output()).as(mistake.why()).contains(mistake.says())
                        .doesNotContain("at dev.seedloop").doesNotContain("Exception");
            }
        }

        // And nothing was left behind: no folder created, no rejects file beside the input, no data directory
        assertThat(missing).doesNotExist();
        assertThat(work.resolve("a-folder.rejects.jsonl")).doesNotExist();
        assertThat(work.resolve("data")).satisfiesAnyOf(data -> assertThat(data).doesNotExist(),
                data -> assertThat(data.resolve("kafka")).doesNotExist());
    }

    @Test
    void theSimulatorsSettingsAreListedUnderTheNameItsCommandHas() {
        CommandRun run = CommandRun.run(work, BOUND, "config", "simulated-llm");

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("simulator.latency").contains("SEEDLOOP_SIMULATOR_LATENCY");
    }
}
