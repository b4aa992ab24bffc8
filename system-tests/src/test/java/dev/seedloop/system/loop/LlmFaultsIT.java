package dev.seedloop.system.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.seedloop.launcher.demo.SeedTasks;
import dev.seedloop.llm.simulated.SimulatedLlmConfig;
import dev.seedloop.llm.simulated.SimulatedLlmServer;
import dev.seedloop.runtime.config.ConfigSource;
import dev.seedloop.runtime.lifecycle.StopSequence;
import dev.seedloop.testkit.TestKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The LLM misbehaves and the responder dies: whatever happens, every accepted instruction ends with exactly
 * one outcome (an example, a rejection or a dead letter).
 */
@Timeout(600)
class LlmFaultsIT {

    @TempDir
    static Path work;

    private static final StopSequence STOPS = new StopSequence("llm-faults-it");
    private static TestKafka broker;

    @BeforeAll
    static void start() {
        broker = STOPS.add("broker", TestKafka.start());
    }

    @AfterAll
    static void stop() {
        STOPS.close();
    }

    @Test
    void stormsServerErrorsBrokenAnswersAndHangsLeaveOneOutcomePerAcceptedInstruction() {
        // Given an LLM that refuses 30% of requests and all of them in bursts, fails, garbles, drops and hangs
        SimulatedLlmServer llm = STOPS.add("faulty simulated LLM", SimulatedLlmServer.start(simulator(Map.of(
                "simulator.latency", "20ms",
                "simulator.rate-limit-share", "0.3",
                "simulator.retry-after", "200ms",
                "simulator.rate-limit-burst-every", "4s",
                "simulator.rate-limit-burst-length", "1s",
                "simulator.server-error-share", "0.1",
                "simulator.malformed-share", "0.05",
                "simulator.reset-share", "0.05",
                "simulator.hang-share", "0.03",
                "simulator.hang", "30s"))));
        Map<String, String> client = llmClient(llm, Map.of("llm.timeout", "2s", "llm.max-attempts", "6"));

        // When a loop runs on it
        try (LoopRun run = LoopRun.prepare(broker.bootstrapServers(), "faults", work, SeedTasks.bundled())
                .startFilterAndSink(Map.of())
                .startResponder(client)
                .startGenerator(generator(client, 30))) {
            run.awaitDrained(Duration.ofMinutes(4));

            // Then every fault happened, and still every accepted instruction has one outcome
            SimulatedLlmServer.Stats faults = llm.stats();
            assertThat(faults.rateLimited()).as("429s").isPositive();
            assertThat(faults.serverErrors()).as("500s").isPositive();
            assertThat(faults.malformed()).as("malformed answers").isPositive();
            assertThat(faults.resets()).as("reset connections").isPositive();
            assertThat(faults.hung()).as("hung requests").isPositive();
            assertThat(run.responses()).isNotEmpty();
            run.assertOneOutcomePerAcceptedInstruction();

            // And each kind of fault shows in the metrics a dashboard reads
            for (String reason : List.of("rate-limited", "server-error", "timeout")) {
                assertThat(count(run, "seedloop.llm.retries", "reason", reason)).as("retries: %s", reason)
                        .isPositive();
            }
            assertThat(count(run, "seedloop.llm.requests", "status", "429")).as("429 answers").isPositive();
            assertThat(count(run, "seedloop.llm.requests", "status", "500")).as("500 answers").isPositive();
            assertThat(count(run, "seedloop.llm.requests", "outcome", "ok")).isPositive();
        }
    }

    /** The sum over both LLM stages of the counter {@code name} with {@code tag} = {@code value}. */
    private static double count(LoopRun run, String name, String tag, String value) {
        return run.registry().find(name).tag(tag, value).counters().stream()
                .mapToDouble(io.micrometer.core.instrument.Counter::count).sum();
    }

    @Test
    void anOutputStageKilledTwiceMidRunResumesWithoutLossOrDuplicate() throws Exception {
        // Given a slow LLM that also refuses a fifth of the requests, and the responder in its own process, with
        // enough generation that accepted instructions still wait at the second kill (the semantic rule sends back
        // some of what the lexical ones let through)
        SimulatedLlmServer llm = STOPS.add("slow simulated LLM", SimulatedLlmServer.start(simulator(Map.of(
                "simulator.latency", "250ms",
                "simulator.rate-limit-share", "0.2",
                "simulator.retry-after", "200ms"))));
        Map<String, String> client = llmClient(llm, Map.of());
        Path clientConfig = work.resolve("fast-failover.properties");
        // A dead member leaves the group after 6 s instead of 45 s
        Files.writeString(clientConfig, "session.timeout.ms=6000\nheartbeat.interval.ms=1500\n");

        try (LoopRun run = LoopRun.prepare(broker.bootstrapServers(), "kill", work, SeedTasks.bundled())
                .startFilterAndSink(Map.of())
                .startGenerator(generator(client, 60))) {
            Map<String, String> responderSettings = new HashMap<>(run.settings(run.responderSettings(client)));
            responderSettings.put("llm.concurrency", "4");
            responderSettings.put("kafka.client-config-file", clientConfig.toString());
            try (StageProcess responder = StageProcess.start("responder", broker.bootstrapServers(),
                    responderSettings, work.resolve("responder.log"))) {
                // When it is killed with SIGKILL twice while it works, and restarted each time
                List<Long> waitingAtKill = new ArrayList<>();
                for (int kill = 1; kill <= 2; kill++) {
                    int before = run.responses().size();
                    await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                            .until(() -> run.responses().size() >= before + 5);
                    responder.kill();
                    waitingAtKill.add(run.progress().unanswered());
                    responder.restart();
                }
                run.awaitDrained(Duration.ofMinutes(4));

                // Then nothing was lost or written twice
                assertThat(responder.starts()).isEqualTo(3);
                assertThat(waitingAtKill).as("accepted instructions without an outcome when it was killed")
                        .allSatisfy(waiting -> assertThat(waiting).isPositive());
                run.assertOneOutcomePerAcceptedInstruction();
            }
        }
    }

    private static SimulatedLlmConfig simulator(Map<String, String> settings) {
        return SimulatedLlmConfig.from(ConfigSource.ofValues(settings));
    }

    private static Map<String, String> llmClient(SimulatedLlmServer llm, Map<String, String> more) {
        Map<String, String> settings = new HashMap<>(Map.of("llm.base-url", llm.baseUrl(), "llm.model", "simulated",
                "llm.backoff-initial", "100ms", "llm.backoff-max", "1s"));
        settings.putAll(more);
        return settings;
    }

    private static Map<String, String> generator(Map<String, String> client, int units) {
        Map<String, String> settings = new HashMap<>(client);
        settings.put("generator.method", "self-instruct");
        settings.put("generator.max-requests", Integer.toString(units));
        settings.put("generator.seed", "11");
        return settings;
    }
}
