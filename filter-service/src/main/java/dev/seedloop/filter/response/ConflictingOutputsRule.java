package dev.seedloop.filter.response;

import dev.seedloop.filter.rule.ResponseCheck;
import dev.seedloop.filter.rule.Rule;
import dev.seedloop.filter.rule.RuleSettings;
import dev.seedloop.filter.rule.RuleStage;
import dev.seedloop.filter.rule.Violation;
import dev.seedloop.schemas.avro.Instance;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Rejects the whole response when the same non-empty input has different outputs, as Self-Instruct does. */
public final class ConflictingOutputsRule implements Rule {

    public static final String NAME = "conflicting-outputs";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public RuleStage stage() {
        return RuleStage.RESPONSE;
    }

    @Override
    public int order() {
        return 20;
    }

    @Override
    public String description() {
        return "reject the whole task when the same non-empty input has different outputs";
    }

    @Override
    public int logicVersion() {
        return 1;
    }

    @Override
    public ResponseCheck check(RuleSettings settings) {
        return judgement -> conflict(judgement.kept()).ifPresent(input -> judgement.reject(Violation.of(NAME,
                "the input '" + Abbreviation.of(input) + "' has different outputs; the whole task is dropped")));
    }

    /** The first non-empty input that has two different outputs. */
    static Optional<String> conflict(List<Instance> instances) {
        Map<String, String> outputs = new HashMap<>();
        for (Instance instance : instances) {
            if (instance.getInput().isEmpty()) {
                continue;
            }
            String earlier = outputs.putIfAbsent(instance.getInput(), instance.getOutput());
            if (earlier != null && !earlier.equals(instance.getOutput())) {
                return Optional.of(instance.getInput());
            }
        }
        return Optional.empty();
    }
}
