package dev.seedloop.filter.instruction;

import dev.seedloop.filter.rule.InstructionCheck;
import dev.seedloop.filter.rule.Rule;
import dev.seedloop.filter.rule.RuleSettings;
import dev.seedloop.filter.rule.RuleStage;
import dev.seedloop.filter.rule.Violation;
import dev.seedloop.runtime.config.ConfigKey;
import java.util.List;
import java.util.Optional;

/** Rejects instructions longer than a number of characters: oversized input never reaches the pool. */
public final class MaxLengthRule implements Rule {

    public static final String NAME = "max-length";
    static final ConfigKey<Integer> MAX_CHARS = ConfigKey.integer("filter.max-length.max-chars", 2000, 1,
            10_000_000, "Longest instruction accepted, in characters (code points).");

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
        return 10;
    }

    @Override
    public String description() {
        return "reject instructions longer than max-chars characters";
    }

    @Override
    public int logicVersion() {
        return 1;
    }

    @Override
    public List<ConfigKey<?>> settings() {
        return List.of(MAX_CHARS);
    }

    @Override
    public InstructionCheck check(RuleSettings settings) {
        int maxChars = settings.get(MAX_CHARS);
        return instruction -> {
            int length = instruction.codePointCount(0, instruction.length());
            return length > maxChars ? Optional.of(Violation.measured(NAME, length + " characters, more than "
                    + maxChars, length, maxChars)) : Optional.empty();
        };
    }
}
