package dev.seedloop.filter.response;

import dev.seedloop.filter.rule.ResponseCheck;
import dev.seedloop.filter.rule.Rule;
import dev.seedloop.filter.rule.RuleSettings;
import dev.seedloop.filter.rule.RuleStage;
import dev.seedloop.filter.rule.Violation;
import java.util.Optional;

/** Drops instances whose input or output ends with ':', usually an unfinished generation (Self-Instruct). */
public final class EndsWithColonRule implements Rule {

    public static final String NAME = "ends-with-colon";

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
        return 32;
    }

    @Override
    public String description() {
        return "drop instances whose input or output ends with ':' (usually cut off)";
    }

    @Override
    public int logicVersion() {
        return 1;
    }

    @Override
    public ResponseCheck check(RuleSettings settings) {
        return judgement -> judgement.dropEach(instance -> {
            boolean output = instance.getOutput().strip().endsWith(":");
            return output || instance.getInput().strip().endsWith(":")
                    ? Optional.of(Violation.of(NAME, (output ? "output" : "input") + " ends with ':'"))
                    : Optional.empty();
        });
    }
}
