package dev.seedloop.system.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.seedloop.launcher.cluster.Cluster;
import dev.seedloop.launcher.cluster.DataDirectory;
import dev.seedloop.system.CommandRun;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * One owner per data directory, with real processes: a second demo is refused while the first runs untouched,
 * other commands use the owner's broker, a command waiting on a demo that stops says so at once, and the
 * directory of an owner killed with SIGKILL is taken over with nothing corrupt.
 */
@Timeout(600)
class DataDirectoryIT {

    private static final Duration BOUND = Duration.ofMinutes(3);
    /** Slow answers keep work in flight long enough to stop the demo under it. */
    private static final Map<String, String> SLOW_LLM = Map.of("SEEDLOOP_SIMULATOR_LATENCY", "1500ms");

    @TempDir
    Path work;

    @Test
    void aSecondDemoIsRefusedGuestsUseTheOwnersBrokerAndAKilledOwnerIsTakenOver() throws Exception {
        // Given a demo running on a data directory
        Path dataDir = work.resolve("data");
        Process first = CommandRun.start(work, SLOW_LLM, "demo", "--examples", "2000", "--timeout", "3m",
                "--data-dir", dataDir.toString());
        awaitBroker(dataDir, first);

        // When a second demo starts on it
        CommandRun second = CommandRun.run(work, BOUND, "demo", "--examples", "10", "--data-dir", dataDir.toString());

        // Then it is refused at once, naming the running one, and the first runs on
        assertThat(second.exitCode()).as(second.output()).isEqualTo(2);
        assertThat(second.output()).contains("is in use by `seedloop demo` (pid " + first.pid() + ",")
                .doesNotContain("at dev.seedloop");
        assertThat(second.lines()).hasSize(2);
        assertThat(first.isAlive()).as(CommandRun.read(first)).isTrue();

        // And other commands use the running demo's broker
        CommandRun audit = CommandRun.run(work, BOUND, "audit", "--data-dir", dataDir.toString());
        assertThat(audit.exitCode()).as(audit.output()).isZero();
        assertThat(audit.output()).contains("the broker of `seedloop demo` (pid " + first.pid());
        if (!audit.output().contains("clean and drained")) {
            assertThat(audit.output()).contains("is finishing them");
        }

        // When an ingest waits for verdicts and the demo stops under it
        Path tasks = Files.writeString(work.resolve("tasks.jsonl"), String.join("\n",
                "{\"instruction\": \"List four board games that two people can play in under an hour.\", "
                        + "\"input\": \"\", \"output\": \"Chess, backgammon, Hive and Patchwork.\"}",
                "{\"instruction\": \"Explain why bread dough needs time to rise before baking.\", \"input\": \"\", "
                        + "\"output\": \"Yeast needs time to make the gas that lifts the dough.\"}"));
        Process ingest = CommandRun.start(work, Map.of(), "ingest", "--format", "alpaca", "--in", tasks.toString(),
                "--filter", "--wait", "5m", "--data-dir", dataDir.toString());
        await().atMost(Duration.ofSeconds(60)).until(() -> CommandRun.read(ingest).contains("as candidates"));
        first.destroy();
        assertThat(first.waitFor(2, TimeUnit.MINUTES)).as("the demo stops on SIGTERM").isTrue();
        long stopped = System.nanoTime();

        // Then the ingest says so within seconds instead of timing out
        assertThat(ingest.waitFor(60, TimeUnit.SECONDS)).as(CommandRun.read(ingest)).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - stopped)).isLessThan(Duration.ofSeconds(30));
        assertThat(ingest.exitValue()).as(CommandRun.read(ingest)).isZero();
        assertThat(CommandRun.read(ingest)).contains("verdicts").doesNotContain("at dev.seedloop")
                .satisfiesAnyOf(text -> assertThat(text).contains("the loop stopped while this waited"),
                        text -> assertThat(text).doesNotContain("still waiting"));

        // When a demo on the directory is killed without warning
        Process killed = CommandRun.start(work, Map.of(), "demo", "--examples", "5000", "--timeout", "3m",
                "--data-dir", dataDir.toString());
        awaitBroker(dataDir, killed);
        await().atMost(Duration.ofSeconds(60)).until(() -> CommandRun.read(killed).contains("/5000 |"));
        Thread.sleep(3000);
        killed.destroyForcibly();
        assertThat(killed.waitFor(30, TimeUnit.SECONDS)).isTrue();

        // Then the work it left in flight is reported with what finishes it
        CommandRun waiting = CommandRun.run(work, BOUND, "audit", "--drained", "--data-dir", dataDir.toString());
        assertThat(waiting.exitCode()).as(waiting.output()).isEqualTo(1);
        assertThat(waiting.output()).contains("records are still on their way")
                .contains("seedloop demo --drain --examples 0").doesNotContain("BROKEN");

        // And the next demo takes the directory over, finishes that work and reaches its target
        CommandRun next = CommandRun.run(work, BOUND, "demo", "--examples", "0", "--drain", "--data-dir",
                dataDir.toString());
        assertThat(next.exitCode()).as(next.output()).isZero();
        assertThat(next.output()).contains("continuing the pool").contains("drained")
                .containsPattern("\\d+ examples joined the pool");
        if (!next.output().contains("-> 0 examples joined")) {
            assertThat(next.output()).contains("beyond the target of 0: work an earlier run left in flight");
        }
        CommandRun drained = CommandRun.run(work, BOUND, "audit", "--drained", "--data-dir", dataDir.toString());
        assertThat(drained.exitCode()).as(drained.output()).isZero();
        assertThat(drained.output()).contains("clean and drained");
    }

    @Test
    void aPassingCommandOwnsTheBrokerADemoIsRefusedAndItsGuestsFinishFirst() throws Exception {
        // Given a command in this process that started the data directory's broker (as report or export do)
        Path dataDir = work.resolve("data");
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        Cluster owner = Cluster.connect(Optional.empty(), dataDir, "seedloop report", quiet);
        Process guest;
        try {
            // When a demo starts on it
            CommandRun demo = CommandRun.run(work, BOUND, "demo", "--examples", "5", "--data-dir", dataDir.toString());

            // Then it is refused, naming the command that holds the directory
            assertThat(demo.exitCode()).as(demo.output()).isEqualTo(2);
            assertThat(demo.output()).contains("`seedloop report` (pid " + ProcessHandle.current().pid());

            // When another command uses the broker as a guest while the owner ends
            Path tasks = Files.writeString(work.resolve("tasks.jsonl"), "{\"instruction\": \"Name three rivers in "
                    + "Africa.\", \"input\": \"\", \"output\": \"The Nile, the Congo, the Niger.\"}\n");
            guest = CommandRun.start(work, Map.of(), "ingest", "--format", "alpaca", "--in", tasks.toString(),
                    "--filter", "--wait", "8s", "--data-dir", dataDir.toString());
            await().atMost(Duration.ofSeconds(60)).until(() -> CommandRun.read(guest).contains("as candidates"));
        } finally {
            owner.close();
        }

        // Then the owner stopped its broker only once the guest was done, and the guest used it to the end
        assertThat(guest.isAlive()).isFalse();
        assertThat(guest.exitValue()).as(CommandRun.read(guest)).isZero();
        assertThat(CommandRun.read(guest)).contains("the broker of `seedloop report`")
                .contains("1 still waiting").doesNotContain("at dev.seedloop");
        assertThat(DataDirectory.owner(dataDir)).isEmpty();
    }

    private static void awaitBroker(Path dataDir, Process owner) {
        await().atMost(Duration.ofSeconds(90)).until(() -> {
            assertThat(owner.isAlive()).as(CommandRun.read(owner)).isTrue();
            return DataDirectory.owner(dataDir).flatMap(DataDirectory.Owner::bootstrapServers).isPresent();
        });
    }
}
