package dev.seedloop.llm.simulated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.seedloop.llm.CostMeter;
import dev.seedloop.llm.LlmCallException;
import dev.seedloop.llm.LlmClient;
import dev.seedloop.llm.LlmGateway;
import dev.seedloop.llm.LlmReply;
import dev.seedloop.llm.LlmRequest;
import dev.seedloop.llm.LlmSettings;
import dev.seedloop.llm.PriceTable;
import dev.seedloop.runtime.config.ConfigSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The gateway against the simulated LLM's injected faults, through the real openai-java client. */
@Timeout(120)
class LlmGatewayIT {

    private SimulatedLlmServer server;
    private LlmGateway gateway;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final CostMeter costs = new CostMeter(PriceTable.parse("seedloop-simulated-llm=1.00/2.00"), registry);

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void everyCallIsAnsweredThroughRateLimitsServerErrorsMalformedAnswersAndResets() {
        // Given a server that refuses or breaks a third of the requests, in every way it knows
        start(new SimulatedLlmConfig.Faults(0.2, Duration.ofMillis(100), Duration.ZERO, Duration.ZERO, 0.05, 0.0,
                Duration.ofMinutes(5), 0.04, 0.04), Map.of("llm.concurrency", "16"));

        // When 150 calls are made
        List<CompletableFuture<LlmReply>> calls = IntStream.range(0, 150)
                .mapToObj(i -> gateway.submit(LlmRequest.of("", "hello " + i))).toList();
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();

        // Then every call got its answer, and the server saw every retry
        assertThat(calls).allSatisfy(call -> assertThat(call.join().model()).isEqualTo(SimulatedLlmConfig.MODEL));
        SimulatedLlmServer.Stats stats = server.stats();
        assertThat(stats.answered()).isEqualTo(150);
        assertThat(stats.rateLimited()).isPositive();
        assertThat(stats.serverErrors()).isPositive();
        assertThat(stats.requests()).isEqualTo(stats.answered() + stats.rateLimited() + stats.serverErrors()
                + stats.malformed() + stats.resets() + stats.hung());
        assertThat(registry.find("seedloop.llm.retries").counters().stream().mapToDouble(c -> c.count()).sum())
                .isEqualTo(stats.requests() - 150);
    }

    @Test
    void aBurstOf429sIsWaitedOutNotStormedAndTheConcurrencyLimitAdapts() {
        // Given a server that refuses everything for its first 800 ms, asking for a 500 ms pause
        start(new SimulatedLlmConfig.Faults(0.0, Duration.ofMillis(500), Duration.ofHours(1),
                Duration.ofMillis(800), 0, 0, Duration.ofMinutes(5), 0, 0), Map.of("llm.concurrency", "8"));

        // When 60 calls are made at once, into the burst
        List<CompletableFuture<LlmReply>> calls = IntStream.range(0, 60)
                .mapToObj(i -> gateway.submit(LlmRequest.of("", "hello " + i))).toList();
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();

        // Then all are answered; the gateway stopped sending once the refusals went on (not one 429 per call per
        // pause, as retrying each call on its own would cost), and it halved its concurrency
        assertThat(server.stats().answered()).isEqualTo(60);
        assertThat(server.stats().rateLimited()).isPositive().isLessThan(60);
        assertThat(registry.get("seedloop.llm.concurrency.decreases").counter().count()).isPositive();
    }

    @Test
    void scattered429sNeitherPauseEveryCallNorShrinkConcurrency() {
        start(new SimulatedLlmConfig.Faults(0.3, Duration.ofMillis(200), Duration.ZERO, Duration.ZERO, 0, 0,
                Duration.ofMinutes(5), 0, 0), Map.of("llm.concurrency", "16"));

        List<CompletableFuture<LlmReply>> calls = IntStream.range(0, 200)
                .mapToObj(i -> gateway.submit(LlmRequest.of("", "hello " + i))).toList();
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();

        assertThat(server.stats().answered()).isEqualTo(200);
        assertThat(server.stats().rateLimited()).isGreaterThan(30);
        assertThat(registry.get("seedloop.llm.concurrency.limit").gauge().value()).isGreaterThanOrEqualTo(16.0);
    }

    @Test
    void theLimitGrowsFromAModestStartToTheMaximumWhileTheServerKeepsUp() {
        // Given a server that answers everything, and a gateway that starts at 2 calls in flight, at most 24
        start(SimulatedLlmConfig.Faults.none(), Map.of("llm.concurrency", "2", "llm.max-concurrency", "24"));

        // When many calls wait
        List<CompletableFuture<LlmReply>> calls = IntStream.range(0, 600)
                .mapToObj(i -> gateway.submit(LlmRequest.of("", "hello " + i))).toList();
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();

        // Then the limit grew by one per round of answers up to the maximum, and never shrank
        assertThat(registry.get("seedloop.llm.concurrency.limit").gauge().value()).isEqualTo(24.0);
        assertThat(registry.get("seedloop.llm.concurrency.decreases").counter().count()).isZero();
    }

    @Test
    void aServerThatAnnouncesItsRequestLimitIsKeptUnderItInsteadOfRefusing() {
        // Given a server allowing 600 requests a minute that says so in its headers
        startLimited(new SimulatedLlmConfig.Limits(600, 0, true));

        // When more calls are made than a minute's budget
        List<CompletableFuture<LlmReply>> calls = IntStream.range(0, 660)
                .mapToObj(i -> gateway.submit(LlmRequest.of("", "hello " + i))).toList();
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();

        // Then every call is answered, and the client waited for the budget instead of being refused
        assertThat(server.stats().answered()).isEqualTo(660);
        assertThat(server.stats().limitRefusals()).isZero();
    }

    @Test
    void aServerThatAnnouncesItsTokenLimitIsKeptUnderItToo() {
        // Given a server allowing 7,000 tokens a minute (about 100 of these calls) that says so
        startLimited(new SimulatedLlmConfig.Limits(0, 7_000, true));

        // When more calls are made than that
        List<CompletableFuture<LlmReply>> calls = IntStream.range(0, 110)
                .mapToObj(i -> gateway.submit(LlmRequest.of("", "hello " + i))).toList();
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();

        // Then none is refused
        assertThat(server.stats().answered()).isEqualTo(110);
        assertThat(server.stats().limitRefusals()).isZero();
    }

    @Test
    void aHiddenLimitIsLearnedFrom429sAndEveryCallIsStillAnswered() {
        // Given the same limit, not announced
        startLimited(new SimulatedLlmConfig.Limits(600, 0, false));

        List<CompletableFuture<LlmReply>> calls = IntStream.range(0, 660)
                .mapToObj(i -> gateway.submit(LlmRequest.of("", "hello " + i))).toList();
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();

        // Then the refusals are waited out (Retry-After) and nothing is lost
        assertThat(server.stats().answered()).isEqualTo(660);
        assertThat(server.stats().limitRefusals()).isPositive();
    }

    @Test
    void aHangingServerIsTimedOutAndTriedAgain() {
        start(new SimulatedLlmConfig.Faults(0, Duration.ofSeconds(1), Duration.ZERO, Duration.ZERO, 0, 0.3,
                Duration.ofSeconds(30), 0, 0), Map.of("llm.timeout", "400ms", "llm.concurrency", "8"));

        List<CompletableFuture<LlmReply>> calls = IntStream.range(0, 30)
                .mapToObj(i -> gateway.submit(LlmRequest.of("", "hello " + i))).toList();
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();

        assertThat(server.stats().answered()).isEqualTo(30);
        assertThat(server.stats().hung()).isPositive();
        assertThat(registry.get("seedloop.llm.retries").tag("reason", "timeout").counter().count()).isPositive();
    }

    @Test
    void aRefusedRequestEndsAtOnceWithTheResponseAndTheKeyMasked() {
        start(SimulatedLlmConfig.Faults.none(), Map.of("llm.api-key", "sk-test-very-secret-key", "llm.model",
                "no-such-model"));

        CompletableFuture<LlmReply> call = gateway.submit(LlmRequest.of("", "hello"));

        assertThatThrownBy(call::join).isInstanceOf(CompletionException.class)
                .cause().isInstanceOf(LlmCallException.class)
                .satisfies(error -> {
                    LlmCallException failure = (LlmCallException) error;
                    assertThat(failure.status()).isEqualTo(404);
                    assertThat(failure.attempts()).isEqualTo(1);
                    assertThat(failure.responseBody()).contains("no-such-model").contains("<redacted>")
                            .doesNotContain("sk-test-very-secret-key");
                    assertThat(failure.getMessage()).doesNotContain("sk-test-very-secret-key");
                });
    }

    @Test
    void retryingStopsAfterTheAllowedAttempts() {
        start(new SimulatedLlmConfig.Faults(0, Duration.ofSeconds(1), Duration.ZERO, Duration.ZERO, 1.0, 0,
                Duration.ofMinutes(5), 0, 0), Map.of("llm.max-attempts", "3"));

        CompletableFuture<LlmReply> call = gateway.submit(LlmRequest.of("", "hello"));

        assertThatThrownBy(call::join).cause().isInstanceOf(LlmCallException.class)
                .hasMessageContaining("gave up after 3 attempts");
        assertThat(server.stats().serverErrors()).isEqualTo(3);
    }

    @Test
    void tokensAndCostAreCountedPerStageAndModel() {
        start(SimulatedLlmConfig.Faults.none(), Map.of());

        IntStream.range(0, 5).mapToObj(i -> gateway.submit(LlmRequest.of("", "hello there " + i)))
                .toList().forEach(CompletableFuture::join);

        CostMeter.Totals totals = costs.totals().get("test seedloop-simulated-llm");
        assertThat(totals.calls()).isEqualTo(5);
        assertThat(totals.promptTokens()).isPositive();
        assertThat(totals.cost()).isEqualTo((totals.promptTokens() * 1.00 + totals.completionTokens() * 2.00) / 1e6,
                org.assertj.core.data.Offset.offset(1e-12));
        assertThat(costs.totalCost()).isPositive();
    }

    @Test
    void anEndpointThatStopsAnsweringCountsAsUnreachableUntilItAnswersAgain() {
        // Given a gateway whose server answered once and then went away
        start(SimulatedLlmConfig.Faults.none(), Map.of());
        gateway.submit(LlmRequest.of("", "hello")).join();
        assertThat(gateway.reachable()).isTrue();
        server.close();

        // When calls keep failing to connect
        CompletableFuture<LlmReply> call = gateway.submit(LlmRequest.of("", "anyone there?"));

        // Then the endpoint counts as unreachable once that has lasted, and the gauge says so
        await().atMost(Duration.ofSeconds(30)).until(() -> !gateway.reachable());
        assertThat(registry.get("seedloop.llm.reachable").tag("stage", "test").gauge().value()).isZero();
        assertThat(call).isNotDone();
    }

    private void startLimited(SimulatedLlmConfig.Limits limits) {
        start(SimulatedLlmConfig.Faults.none(), limits, Map.of("llm.concurrency", "4", "llm.max-concurrency", "32"));
    }

    private void start(SimulatedLlmConfig.Faults faults, Map<String, String> settings) {
        start(faults, SimulatedLlmConfig.Limits.none(), settings);
    }

    private void start(SimulatedLlmConfig.Faults faults, SimulatedLlmConfig.Limits limits,
            Map<String, String> settings) {
        server = SimulatedLlmServer.start(SimulatedLlmConfig.defaults().withLatency(Duration.ofMillis(10))
                .withFaults(faults).withLimits(limits).withModels(List.of(SimulatedLlmConfig.MODEL)));
        Map<String, String> values = new HashMap<>(Map.of("llm.base-url", server.baseUrl(), "llm.model",
                SimulatedLlmConfig.MODEL, "llm.backoff-initial", "20ms", "llm.backoff-max", "1s"));
        values.putAll(settings);
        gateway = new LlmGateway("test", LlmClient.create(LlmSettings.from(ConfigSource.ofValues(values), 0.7, 64)),
                costs, registry);
    }
}
