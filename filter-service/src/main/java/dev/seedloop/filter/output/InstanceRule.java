package dev.seedloop.filter.output;

import dev.seedloop.filter.rules.Violation;
import dev.seedloop.schemas.avro.Instance;
import java.util.Optional;

/**
 * Self-Instruct's instance rules from its fine-tuning preparation: an instance whose output is empty, whose
 * output equals its input, or whose input or output ends with ":" (usually an unfinished generation) is dropped.
 */
public enum InstanceRule {
    EMPTY_OUTPUT("empty-output"),
    OUTPUT_EQUALS_INPUT("output-equals-input"),
    ENDS_WITH_COLON("ends-with-colon");

    private final String ruleName;

    InstanceRule(String ruleName) {
        this.ruleName = ruleName;
    }

    /** The stable name, used as reason code and in configuration. */
    public String ruleName() {
        return ruleName;
    }

    /** The violation, or empty when the instance passes. */
    public Optional<Violation> check(Instance instance) {
        String input = instance.getInput();
        String output = instance.getOutput();
        return switch (this) {
            case OUTPUT_EQUALS_INPUT -> input.equals(output)
                    ? Optional.of(Violation.of(ruleName, "output is the same as the input"))
                    : Optional.empty();
            case EMPTY_OUTPUT -> output.isBlank()
                    ? Optional.of(Violation.of(ruleName, "output is empty"))
                    : Optional.empty();
            case ENDS_WITH_COLON -> input.strip().endsWith(":") || output.strip().endsWith(":")
                    ? Optional.of(Violation.of(ruleName, (output.strip().endsWith(":") ? "output" : "input")
                            + " ends with ':'"))
                    : Optional.empty();
        };
    }
}
