package dev.seedloop.filter.rules;

import java.util.Optional;

/** A check on the text of one instruction, independent of the pool. */
public interface InstructionRule {

    /** The stable name, used as reason code and in configuration. */
    String name();

    /** The violation, or empty when the instruction passes. */
    Optional<Violation> check(String instruction);
}
