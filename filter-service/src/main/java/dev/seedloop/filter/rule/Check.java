package dev.seedloop.filter.rule;

/** What a rule checks, once configured: one of five kinds. */
public sealed interface Check permits InstructionCheck, PoolCheck, VectorCheck, ContaminationCheck, ResponseCheck {
}
