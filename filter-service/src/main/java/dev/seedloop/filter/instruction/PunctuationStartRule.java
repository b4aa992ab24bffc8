package dev.seedloop.filter.instruction;

import dev.seedloop.filter.rule.InstructionCheck;
import dev.seedloop.filter.rule.Rule;
import dev.seedloop.filter.rule.RuleSettings;
import dev.seedloop.filter.rule.RuleStage;
import dev.seedloop.filter.rule.Violation;
import java.util.Optional;

/** Rejects instructions that start with ASCII punctuation (Python's {@code string.punctuation}), as Self-Instruct does. */
public final class PunctuationStartRule implements Rule {

    public static final String NAME = "punctuation-start";
    private static final String ASCII_PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

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
        return 50;
    }

    @Override
    public String description() {
        return "reject instructions starting with ASCII punctuation (Self-Instruct)";
    }

    @Override
    public int logicVersion() {
        return 1;
    }

    @Override
    public InstructionCheck check(RuleSettings settings) {
        return instruction -> {
            if (instruction.isEmpty()) {
                return Optional.empty();
            }
            int first = instruction.codePointAt(0);
            return first < 0x80 && ASCII_PUNCTUATION.indexOf(first) >= 0
                    ? Optional.of(Violation.of(NAME, "starts with '" + new String(Character.toChars(first)) + "'"))
                    : Optional.empty();
        };
    }
}
