package dev.seedloop.generator;

import java.util.Random;

/** The pool as a generation method sees it: its instructions by source and kind, ready to sample. */
public interface Pool {

    /** The human-written instructions (seed tasks, ingested data). */
    DemonstrationPool human();

    /** The machine-generated instructions the loop accepted. */
    DemonstrationPool machine();

    /** The human-written classification tasks (those whose record says so). */
    DemonstrationPool humanClassification();

    DemonstrationPool machineClassification();

    /** One instruction of the whole pool, uniformly at random; the pool must not be empty. */
    Demonstration any(Random random);
}
