package dev.seedloop.filter.rule;

/** What a rule checks, once configured: one of four kinds. */
public sealed interface Check permits InstructionCheck, PoolCheck, VectorCheck, ResponseCheck {
}
