package dev.seedloop.filter.rules;

import java.util.Optional;

/**
 * Rejects instructions that start with {@code prefix} (case-sensitive): Self-Instruct drops "Write a program",
 * which models add to existing tasks and which leaves unclear whether to write code or answer.
 */
public record PrefixRule(String name, String prefix) implements InstructionRule {

    public static final String WRITE_A_PROGRAM = "write-a-program";

    public static PrefixRule writeAProgram() {
        return new PrefixRule(WRITE_A_PROGRAM, "Write a program");
    }

    @Override
    public Optional<Violation> check(String instruction) {
        return instruction.startsWith(prefix)
                ? Optional.of(Violation.of(name, "starts with '" + prefix + "'"))
                : Optional.empty();
    }
}
