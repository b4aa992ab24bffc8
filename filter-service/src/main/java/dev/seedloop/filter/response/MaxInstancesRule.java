package dev.seedloop.filter.response;

import dev.seedloop.filter.rule.ResponseCheck;
import dev.seedloop.filter.rule.Rule;
import dev.seedloop.filter.rule.RuleSettings;
import dev.seedloop.filter.rule.RuleStage;
import dev.seedloop.filter.rule.Violation;
import dev.seedloop.runtime.config.ConfigKey;
import java.util.List;

/**
 * Keeps the first {@code count} instances that pass the earlier rules and drops the rest. Self-Instruct keeps 5
 * chosen at random; seedloop keeps the first, so that a replay decides the same.
 */
public final class MaxInstancesRule implements Rule {

    public static final String NAME = "max-instances";

    static final ConfigKey<Integer> COUNT = ConfigKey.integer("filter.max-instances.count", 5, 1, 1000,
            "Instances kept per task, the first ones (Self-Instruct: 5).");

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
        return 60;
    }

    @Override
    public String description() {
        return "keep the first count instances of a task, drop the rest";
    }

    @Override
    public int logicVersion() {
        return 1;
    }

    @Override
    public List<ConfigKey<?>> settings() {
        return List.of(COUNT);
    }

    @Override
    public ResponseCheck check(RuleSettings settings) {
        int count = settings.get(COUNT);
        Violation beyond = Violation.of(NAME, "beyond the first " + count + " instances");
        return judgement -> judgement.keepFirst(count, beyond);
    }
}
