package dev.seedloop.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seedloop.schemas.avro.CandidateInstruction;
import dev.seedloop.schemas.avro.Instance;
import dev.seedloop.schemas.avro.Provenance;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.apache.kafka.common.errors.SerializationException;

/** Hostile bytes on a topic: every value either decodes or fails as a SerializationException, never otherwise. */
class AvroSerdeFuzzTest {

    private static final AvroSerde<CandidateInstruction> SERDE = AvroSerde.of(CandidateInstruction.class);
    private static final byte[] VALID = SERDE.encode(CandidateInstruction.newBuilder()
            .setCandidateId("c-1").setInstructionId("i").setInstruction("Write a haiku about the sea.")
            .setInstances(List.of(new Instance("", "Waves fold into foam")))
            .setProvenance(Provenance.newBuilder().setMethod("self-instruct").build())
            .setGeneratedAt(Instant.EPOCH).build());

    @Property(tries = 3000)
    void randomBytesNeverEscapeAsAnythingButASerializationException(@ForAll @Size(max = 4096) byte[] bytes) {
        decodeOrRefuse(bytes);
    }

    @Property(tries = 3000)
    void aValidRecordWithBytesChangedDecodesOrIsRefused(@ForAll @IntRange(min = 0, max = 10_000) int position,
            @ForAll byte value, @ForAll @IntRange(min = 0, max = 8) int cut) {
        byte[] mutated = VALID.clone();
        mutated[position % mutated.length] = value;
        byte[] shortened = java.util.Arrays.copyOf(mutated, Math.max(0, mutated.length - cut));
        decodeOrRefuse(shortened);
    }

    private static void decodeOrRefuse(byte[] bytes) {
        try {
            CandidateInstruction decoded = SERDE.decode(bytes);
            assertThat(decoded.getCandidateId()).isNotNull();
        } catch (SerializationException expected) {
            assertThat(expected).hasMessageContaining("CandidateInstruction");
        }
    }
}
