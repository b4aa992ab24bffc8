package dev.seedloop.filter;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** The filter's counters: verdicts by stage, outcome and reason, and the size of the judged pool. */
final class FilterMetrics {

    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final AtomicLong poolSize = new AtomicLong();

    FilterMetrics(MeterRegistry registry) {
        this.registry = registry;
        registry.gauge("seedloop.filter.pool.instructions", poolSize);
    }

    void accepted(String stage) {
        counter(stage, "accepted", "none").increment();
    }

    void rejected(String stage, String reason) {
        counter(stage, "rejected", reason).increment();
    }

    void instanceDropped(String reason) {
        counters.computeIfAbsent("instance|" + reason, key -> Counter.builder("seedloop.instances.dropped")
                .description("Instances dropped by the instance rules, by reason")
                .tag("reason", reason).register(registry)).increment();
    }

    void poolSize(long size) {
        poolSize.set(size);
    }

    private Counter counter(String stage, String outcome, String reason) {
        return counters.computeIfAbsent(stage + '|' + outcome + '|' + reason, key -> Counter
                .builder("seedloop.verdicts")
                .description("Records judged, by stage, outcome and reason")
                .tag("stage", stage).tag("outcome", outcome).tag("reason", reason)
                .register(registry));
    }
}
