package dev.seedloop.filter.response;

import dev.seedloop.filter.rule.ResponseCheck;
import dev.seedloop.filter.rule.Rule;
import dev.seedloop.filter.rule.RuleSettings;
import dev.seedloop.filter.rule.RuleStage;
import dev.seedloop.filter.rule.Violation;
import java.util.Optional;

/** Drops instances whose output is the same as their input (Self-Instruct). */
public final class OutputEqualsInputRule implements Rule {

    public static final String NAME = "output-equals-input";

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
        return 31;
    }

    @Override
    public String description() {
        return "drop instances whose output is the same as their input";
    }

    @Override
    public int logicVersion() {
        return 1;
    }

    @Override
    public ResponseCheck check(RuleSettings settings) {
        return judgement -> judgement.dropEach(instance -> instance.getInput().equals(instance.getOutput())
                ? Optional.of(Violation.of(NAME, "output is the same as the input"))
                : Optional.empty());
    }
}
