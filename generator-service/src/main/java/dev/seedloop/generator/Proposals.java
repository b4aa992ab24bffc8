package dev.seedloop.generator;

import dev.seedloop.schemas.AvroSerde;
import dev.seedloop.schemas.InstructionId;
import dev.seedloop.schemas.avro.CandidateInstruction;
import dev.seedloop.schemas.avro.Instance;
import dev.seedloop.schemas.avro.Provenance;
import dev.seedloop.schemas.avro.Rejection;
import dev.seedloop.schemas.avro.RejectionStage;
import java.time.Instant;
import java.util.List;

/** Builds the records a generation method emits, with their provenance. */
public final class Proposals {

    /** Reason: a list item cut off by the token limit. */
    public static final String TRUNCATED = "truncated";
    /** Reason: an answer (or an item of it) that could not be read. */
    public static final String UNPARSEABLE = "unparseable-response";
    /** Reason (Evol-Instruct): the evolved instruction copies words of the evolving prompt. */
    public static final String LEAKED_PROMPT_WORDS = "leaked-prompt-words";
    /** Reason (Evol-Instruct): the evolved instruction says nothing the original did not. */
    public static final String NO_INFORMATION_GAIN = "no-information-gain";

    /** Rejections keep at most this much raw text, so that one always fits in a Kafka record. */
    public static final int MAX_RAW_TEXT = 4000;

    static {
        // A candidate with instances is copied by its builder, which Avro allows only for trusted classes
        AvroSerde.trustRecords();
    }

    private Proposals() {
    }

    public static CandidateInstruction candidate(String candidateId, String instruction, List<Instance> instances,
            Provenance provenance, String finishReason) {
        return CandidateInstruction.newBuilder()
                .setCandidateId(candidateId)
                .setInstructionId(InstructionId.of(instruction))
                .setInstruction(instruction)
                .setInstances(instances)
                .setProvenance(provenance)
                .setFinishReason(finishReason)
                .setGeneratedAt(Instant.now())
                .build();
    }

    public static Rejection rejection(String reason, String detail, Provenance provenance, String text) {
        String kept = text == null ? "" : text;
        return Rejection.newBuilder()
                .setStage(RejectionStage.GENERATION)
                .setReason(reason)
                .setDetail(detail)
                .setConfigVersion(provenance.getPromptVersion() == null ? "" : provenance.getPromptVersion())
                .setInstruction(kept.length() > MAX_RAW_TEXT ? kept.substring(0, MAX_RAW_TEXT) : kept)
                .setProvenance(provenance)
                .setRejectedAt(Instant.now())
                .build();
    }
}
