package dev.seedloop.filter;

import dev.seedloop.schemas.avro.CandidateInstruction;
import dev.seedloop.schemas.avro.PoolEntry;

/**
 * What the instruction judge sees, in one order: a candidate to judge, or a pool record that arrived from
 * elsewhere (seeds, human data, the sink's examples) and joins the pool as it is.
 */
sealed interface InstructionEvent {

    record Candidate(CandidateInstruction candidate) implements InstructionEvent {
    }

    /** {@code entry} is null for a tombstone: the pool entry {@code id} was deleted. */
    record PoolRecord(String id, PoolEntry entry) implements InstructionEvent {
    }
}
