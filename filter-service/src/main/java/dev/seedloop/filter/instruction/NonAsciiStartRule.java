package dev.seedloop.filter.instruction;

import dev.seedloop.filter.rule.InstructionCheck;
import dev.seedloop.filter.rule.Rule;
import dev.seedloop.filter.rule.RuleSettings;
import dev.seedloop.filter.rule.RuleStage;
import dev.seedloop.filter.rule.Violation;
import java.util.Map;
import java.util.Optional;

/**
 * Rejects instructions whose first character is not ASCII. Self-Instruct and Alpaca apply it; it rejects every
 * instruction in a language not written in Latin letters, so seedloop's default preset leaves it off.
 */
public final class NonAsciiStartRule implements Rule {

    public static final String NAME = "non-ascii-start";

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
        return 60;
    }

    @Override
    public String description() {
        return "reject instructions starting with a non-ASCII character (rejects all non-English text)";
    }

    @Override
    public int logicVersion() {
        return 1;
    }

    @Override
    public boolean enabledByDefault() {
        return false;
    }

    @Override
    public Map<String, Map<String, String>> presets() {
        return Map.of("self-instruct", Map.of("filter.non-ascii-start.enabled", "true"),
                "alpaca", Map.of("filter.non-ascii-start.enabled", "true"));
    }

    @Override
    public InstructionCheck check(RuleSettings settings) {
        return instruction -> {
            if (instruction.isEmpty()) {
                return Optional.empty();
            }
            int first = instruction.codePointAt(0);
            return first >= 0x80
                    ? Optional.of(Violation.of(NAME, "starts with '" + new String(Character.toChars(first)) + "'"))
                    : Optional.empty();
        };
    }
}
