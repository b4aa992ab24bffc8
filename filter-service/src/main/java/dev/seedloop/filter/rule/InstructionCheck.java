package dev.seedloop.filter.rule;

import java.util.Optional;

/** A check on the text of one instruction, independent of the pool. */
@FunctionalInterface
public non-sealed interface InstructionCheck extends Check {

    /** The violation, or empty when the instruction passes. */
    Optional<Violation> check(String instruction);
}
