package dev.seedloop.filter;

import dev.seedloop.filter.rule.Rule;
import dev.seedloop.filter.rule.RuleStage;
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
     * Registers, at zero, the counters every enabled rule can move (the verdicts of its stage, and for a response
     * rule the dropped instances), so that a dashboard shows a rule that has not fired yet as 0 rather than as no
     * data.
     */
    void expect(FilterRules rules) {
        counter(InstructionJudge.STAGE, "accepted", "none");
        counter(ResponseJudge.STAGE, "accepted", "none");
        counter(ResponseJudge.STAGE, "rejected", ResponseJudge.NO_INSTANCES);
        for (Rule rule : rules.enabled()) {
            if (rule.stage() == RuleStage.INSTRUCTION) {
                counter(InstructionJudge.STAGE, "rejected", rule.name());
            } else {
                counter(ResponseJudge.STAGE, "rejected", rule.name());
                dropped(rule.name());
            }
        }
    }

    void accepted(String stage) {
        counter(stage, "accepted", "none").increment();
    }

    void rejected(String stage, String reason) {
        counter(stage, "rejected", reason).increment();
    }

    void instanceDropped(String reason) {
        dropped(reason).increment();
    }

    private Counter dropped(String reason) {
        return counters.computeIfAbsent("instance|" + reason, key -> Counter.builder("seedloop.instances.dropped")
                .description("Instances dropped by the response rules, by reason")
                .tag("reason", reason).register(registry));
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
