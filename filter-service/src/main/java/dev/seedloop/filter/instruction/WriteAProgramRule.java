package dev.seedloop.filter.instruction;

import dev.seedloop.filter.rule.InstructionCheck;
import dev.seedloop.filter.rule.Rule;
import dev.seedloop.filter.rule.RuleSettings;
import dev.seedloop.filter.rule.RuleStage;
import dev.seedloop.filter.rule.Violation;
import java.util.Optional;

/**
 * Rejects instructions that start with "Write a program" (case-sensitive): Self-Instruct drops them, since models
 * add the phrase to existing tasks and it leaves unclear whether to write code or answer.
 */
public final class WriteAProgramRule implements Rule {

    public static final String NAME = "write-a-program";
    private static final String PREFIX = "Write a program";

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
        return 40;
    }

    @Override
    public String description() {
        return "reject instructions starting with 'Write a program' (Self-Instruct)";
    }

    @Override
    public int logicVersion() {
        return 1;
    }

    @Override
    public InstructionCheck check(RuleSettings settings) {
        return instruction -> instruction.startsWith(PREFIX)
                ? Optional.of(Violation.of(NAME, "starts with '" + PREFIX + "'"))
                : Optional.empty();
    }
}
