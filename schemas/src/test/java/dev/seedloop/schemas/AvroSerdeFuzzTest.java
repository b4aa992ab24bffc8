package dev.seedloop.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seedloop.schemas.avro.CandidateInstruction;
import dev.seedloop.schemas.avro.Instance;
import dev.seedloop.schemas.avro.Provenance;
import dev.seedloop.testkit.Fuzz;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/** Hostile bytes on a topic: every value either decodes or fails as a SerializationException, never otherwise. */
class AvroSerdeFuzzTest {

    private static final AvroSerde<CandidateInstruction> SERDE = AvroSerde.of(CandidateInstruction.class);
    private static final byte[] VALID = SERDE.encode(CandidateInstruction.newBuilder()
            .setCandidateId("c-1").setInstructionId("i").setInstruction("Write a haiku about the sea.")
            .setInstances(List.of(new Instance("", "Waves fold into foam")))
            .setProvenance(Provenance.newBuilder().setMethod("self-instruct").build())
            .setGeneratedAt(Instant.EPOCH).build());

    @Test
    void randomBytesNeverEscapeAsAnythingButASerializationException() {
        Fuzz.check(3000, 1, random -> Fuzz.bytes(random, 4096), AvroSerdeFuzzTest::decodeOrRefuse);
    }

    @Test
    void aValidRecordWithBytesChangedOrCutDecodesOrIsRefused() {
        Fuzz.check(3000, 2, random -> {
            byte[] mutated = VALID.clone();
            for (int changes = 1 + random.nextInt(3); changes > 0; changes--) {
                mutated[random.nextInt(mutated.length)] = (byte) random.nextInt(256);
            }
            return Arrays.copyOf(mutated, mutated.length - random.nextInt(9));
        }, AvroSerdeFuzzTest::decodeOrRefuse);
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
