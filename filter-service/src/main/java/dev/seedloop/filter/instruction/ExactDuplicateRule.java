package dev.seedloop.filter.instruction;

import dev.seedloop.filter.rule.PoolCheck;
import dev.seedloop.filter.rule.Rule;
import dev.seedloop.filter.rule.RuleSettings;
import dev.seedloop.filter.rule.RuleStage;

/**
 * Rejects instructions whose normalised text (the pool id: NFKC, lower case, whitespace collapsed) is already in
 * the pool. The pool judge makes the check, since it holds the pool.
 */
public final class ExactDuplicateRule implements Rule {

    public static final String NAME = "exact-duplicate";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public RuleStage stage() {
        return RuleStage.INSTRUCTION;
    }

    @Override
    public int order() {
        return 100;
    }

    @Override
    public String description() {
        return "reject instructions whose normalised text is already in the pool";
    }

    @Override
    public int logicVersion() {
        return 1;
    }

    @Override
    public PoolCheck check(RuleSettings settings) {
        return PoolCheck.exact();
    }
}
