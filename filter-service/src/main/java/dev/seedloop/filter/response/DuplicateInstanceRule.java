package dev.seedloop.filter.response;

import dev.seedloop.filter.rule.ResponseCheck;
import dev.seedloop.filter.rule.Rule;
import dev.seedloop.filter.rule.RuleSettings;
import dev.seedloop.filter.rule.RuleStage;
import dev.seedloop.filter.rule.Violation;
import dev.seedloop.schemas.avro.Instance;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/** Drops an instance identical (input and output) to an earlier one of the same response. */
public final class DuplicateInstanceRule implements Rule {

    public static final String NAME = "duplicate-instance";

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
        return 40;
    }

    @Override
    public String description() {
        return "drop an instance identical to an earlier one";
    }

    @Override
    public int logicVersion() {
        return 1;
    }

    @Override
    public ResponseCheck check(RuleSettings settings) {
        return judgement -> {
            Set<Instance> seen = new HashSet<>();
            judgement.dropEach(instance -> seen.add(instance) ? Optional.empty()
                    : Optional.of(Violation.of(NAME, "the same input and output as an earlier instance")));
        };
    }
}
