package dev.seedloop.generator;

import dev.seedloop.schemas.avro.CandidateInstruction;
import dev.seedloop.schemas.avro.Rejection;
import java.util.List;

/** What one unit of generation produced: candidates for the filter, and rejections for what could not be one. */
public record Generated(List<CandidateInstruction> candidates, List<Rejection> rejections) {

    public Generated {
        candidates = List.copyOf(candidates);
        rejections = List.copyOf(rejections);
    }

    public static Generated nothing() {
        return new Generated(List.of(), List.of());
    }
}
