package dev.seedloop.llm;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** LLM call metrics of one stage: requests by outcome, latency, tokens, and requests in flight. */
public final class LlmMetrics {

    /** Why calls are tried again; see {@link LlmGateway}. */
    static final List<String> RETRY_REASONS = List.of("rate-limited", "timeout", "server-error",
            "other");

    private final MeterRegistry registry;
    private final String stage;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Timer latency;
    private final AtomicInteger inFlight = new AtomicInteger();

    public LlmMetrics(MeterRegistry registry, String stage) {
        this.registry = registry;
        this.stage = stage;
        this.latency = Timer.builder("seedloop.llm.latency").description("Time of successful LLM calls")
                .tag("stage", stage).publishPercentileHistogram().register(registry);
        registry.gauge("seedloop.llm.in.flight", io.micrometer.core.instrument.Tags.of("stage", stage), inFlight);
        // Registered at zero, so that a dashboard shows "no 429s yet" as 0 rather than as no data
        for (String reason : RETRY_REASONS) {
            retries(reason);
        }
        requests("ok", 200);
    }

    public void started() {
        inFlight.incrementAndGet();
    }

    /** A call answered: counts it, its latency and its tokens. */
    public void succeeded(Metered reply) {
        inFlight.decrementAndGet();
        requests("ok", 200).increment();
        latency.record(reply.latency());
        tokens("prompt", reply.model()).increment(reply.promptTokens());
        tokens("completion", reply.model()).increment(reply.completionTokens());
    }

    /** A call failed: counted by outcome (retryable or final) and HTTP status (0 when none came back). */
    public void failed(Throwable error) {
        inFlight.decrementAndGet();
        requests(LlmFailures.isRetryable(error) ? "retryable-error" : "error", LlmFailures.statusCode(error))
                .increment();
    }

    private Counter requests(String outcome, int status) {
        return counters.computeIfAbsent("requests|" + outcome + '|' + status, key -> Counter
                .builder("seedloop.llm.requests").description("LLM calls by outcome and HTTP status")
                .tag("stage", stage).tag("outcome", outcome).tag("status", Integer.toString(status))
                .register(registry));
    }

    /** A failed attempt that will be tried again, by why: rate-limited, timeout, server-error, other. */
    public void retried(String reason) {
        retries(reason).increment();
    }

    private Counter retries(String reason) {
        return counters.computeIfAbsent("retries|" + reason, key -> Counter.builder("seedloop.llm.retries")
                .description("LLM calls tried again, by reason").tag("stage", stage).tag("reason", reason)
                .register(registry));
    }

    private Counter tokens(String kind, String model) {
        String name = model == null ? "unknown" : model;
        return counters.computeIfAbsent("tokens|" + kind + '|' + name, key -> Counter.builder("seedloop.llm.tokens")
                .description("Tokens used, by kind and model").tag("stage", stage).tag("kind", kind)
                .tag("model", name).register(registry));
    }
}
