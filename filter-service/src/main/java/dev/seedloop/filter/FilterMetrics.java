package dev.seedloop.filter;

import dev.seedloop.filter.contamination.EvalSet;
import dev.seedloop.filter.rule.Rule;
import dev.seedloop.filter.rule.RuleStage;
import dev.seedloop.filter.rule.Violation;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The filter's counters: verdicts by stage, outcome and reason, the size of the judged pool (and how much of it has
 * no vector the semantic rule can compare with), and the distribution of each candidate's nearest pool cosine.
 */
final class FilterMetrics {

    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final AtomicLong poolSize = new AtomicLong();
    private final AtomicLong withoutVector = new AtomicLong();
    private final DistributionSummary nearestCosine;

    FilterMetrics(MeterRegistry registry) {
        this.registry = registry;
        registry.gauge("seedloop.filter.pool.instructions", poolSize);
        registry.gauge("seedloop.filter.pool.without.vector", withoutVector);
        this.nearestCosine = DistributionSummary.builder("seedloop.filter.nearest.cosine")
                .description("Cosine similarity of each candidate's vector to the nearest pool vector (semantic rule)")
                .serviceLevelObjectives(0.5, 0.6, 0.7, 0.75, 0.8, 0.82, 0.84, 0.86, 0.88, 0.9, 0.92, 0.95, 0.98, 1.0)
                .register(registry);
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
        // the contamination rule judges responses too, and counts its quotes per eval set
        rules.contamination().ifPresent(check -> {
            counter(ResponseJudge.STAGE, "rejected", check.rule());
            dropped(check.rule());
            for (EvalSet set : check.index().sets()) {
                quoted(InstructionJudge.STAGE, set.name());
                quoted(ResponseJudge.STAGE, set.name());
            }
        });
    }

    void accepted(String stage) {
        counter(stage, "accepted", "none").increment();
    }

    void rejected(String stage, String reason) {
        counter(stage, "rejected", reason).increment();
    }

    /** A record of {@code stage} rejected for quoting an item of {@code evalSet}. */
    void quoted(Violation violation, String stage) {
        violation.evalSet().ifPresent(set -> quoted(stage, set).increment());
    }

    private Counter quoted(String stage, String evalSet) {
        return counters.computeIfAbsent("quoted|" + stage + '|' + evalSet, key -> Counter
                .builder("seedloop.contamination.quotes")
                .description("Candidates (instruction stage) and instances (response stage) rejected for quoting an "
                        + "item of an eval set, by stage and eval set")
                .tag("stage", stage).tag("eval_set", evalSet)
                .register(registry));
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

    void withoutVector(long size) {
        withoutVector.set(size);
    }

    void nearestCosine(double cosine) {
        nearestCosine.record(cosine);
    }

    private Counter counter(String stage, String outcome, String reason) {
        return counters.computeIfAbsent(stage + '|' + outcome + '|' + reason, key -> Counter
                .builder("seedloop.verdicts")
                .description("Records judged, by stage, outcome and reason")
                .tag("stage", stage).tag("outcome", outcome).tag("reason", reason)
                .register(registry));
    }
}
