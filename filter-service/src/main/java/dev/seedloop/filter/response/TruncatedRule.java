package dev.seedloop.filter.response;

import dev.seedloop.filter.rule.ResponseCheck;
import dev.seedloop.filter.rule.Rule;
import dev.seedloop.filter.rule.RuleSettings;
import dev.seedloop.filter.rule.RuleStage;
import dev.seedloop.filter.rule.Violation;

/** Drops the last instance of an answer the token limit cut off: it is incomplete. */
public final class TruncatedRule implements Rule {

    public static final String NAME = "truncated";

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
        return 10;
    }

    @Override
    public String description() {
        return "drop the last instance of an answer cut off by the token limit";
    }

    @Override
    public int logicVersion() {
        return 1;
    }

    @Override
    public ResponseCheck check(RuleSettings settings) {
        return judgement -> {
            if (judgement.response().getTruncated()) {
                judgement.dropLast(Violation.of(NAME,
                        "the answer was cut off by the token limit; its last instance is incomplete"));
            }
        };
    }
}
