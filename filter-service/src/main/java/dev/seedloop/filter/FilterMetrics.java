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

    /**
     * Registers, at zero, the counters every enabled rule can move, so that a dashboard shows a rule that has not
     * fired yet as 0 rather than as no data.
     */
    void expect(FilterRules rules) {
        counter(InstructionJudge.STAGE, "accepted", "none");
        rules.instructionRules().forEach(rule -> counter(InstructionJudge.STAGE, "rejected", rule.name()));
        if (rules.exactDuplicate()) {
            counter(InstructionJudge.STAGE, "rejected", FilterRules.EXACT_DUPLICATE);
        }
        if (rules.nearDuplicateThreshold().isPresent()) {
            counter(InstructionJudge.STAGE, "rejected", FilterRules.NEAR_DUPLICATE);
        }
        counter(OutputJudge.STAGE, "accepted", "none");
        counter(OutputJudge.STAGE, "rejected", OutputJudge.NO_INSTANCES);
        rules.instanceRules().forEach(rule -> counter(OutputJudge.STAGE, "rejected", rule.ruleName()));
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
