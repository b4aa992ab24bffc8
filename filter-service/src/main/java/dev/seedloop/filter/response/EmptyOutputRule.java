package dev.seedloop.filter.response;

import dev.seedloop.filter.rule.ResponseCheck;
import dev.seedloop.filter.rule.Rule;
import dev.seedloop.filter.rule.RuleSettings;
import dev.seedloop.filter.rule.RuleStage;
import dev.seedloop.filter.rule.Violation;
import java.util.Optional;

/** Drops instances whose output is empty or blank (Self-Instruct). */
public final class EmptyOutputRule implements Rule {

    public static final String NAME = "empty-output";

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
        return 30;
    }

    @Override
    public String description() {
        return "drop instances whose output is empty";
    }

    @Override
    public int logicVersion() {
        return 1;
    }

    @Override
    public ResponseCheck check(RuleSettings settings) {
        return judgement -> judgement.dropEach(instance -> instance.getOutput().isBlank()
                ? Optional.of(Violation.of(NAME, "output is empty"))
                : Optional.empty());
    }
}
