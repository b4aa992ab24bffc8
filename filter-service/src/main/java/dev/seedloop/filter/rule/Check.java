package dev.seedloop.filter.rule;

/** What a rule checks, once configured: one of three kinds. */
public sealed interface Check permits InstructionCheck, PoolCheck, ResponseCheck {
}
