package dev.seedloop.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seedloop.schemas.avro.Example;
import dev.seedloop.schemas.avro.Instance;
import dev.seedloop.schemas.avro.PoolEntry;
import dev.seedloop.schemas.avro.Provenance;
import dev.seedloop.schemas.avro.Rejection;
import dev.seedloop.schemas.avro.RejectionStage;
import dev.seedloop.schemas.avro.Source;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class AvroSerdeTest {

    private final AvroSerde<PoolEntry> pool = AvroSerde.of(PoolEntry.class);

    @Test
    void roundTripsARecordWithNonAsciiText() {
        // Given
        PoolEntry entry = poolEntry("주어진 문장을 간결하게 다시 쓰세요. 中文 テスト");

        // When
        PoolEntry decoded = pool.decode(pool.encode(entry));

        // Then
        assertThat(decoded).isEqualTo(entry);
    }

    @Test
    void nullStaysNullForTombstones() {
        assertThat(pool.encode(null)).isNull();
        assertThat(pool.decode(null)).isNull();
    }

    @Test
    void rejectsRandomBytesEmptyBytesAndTextWithASerializationException() {
        Random random = new Random(7);
        byte[] noise = new byte[512];
        random.nextBytes(noise);

        for (byte[] bytes : List.of(noise, new byte[0], "{\"instruction\":\"hi\"}".getBytes(StandardCharsets.UTF_8))) {
            assertThatThrownBy(() -> pool.decode(bytes))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("not a PoolEntry record");
        }
    }

    @Test
    void rejectsARecordOfAnotherSchema() {
        // Given a valid record of another type
        AvroSerde<Rejection> rejections = AvroSerde.of(Rejection.class);
        byte[] rejection = rejections.encode(Rejection.newBuilder()
                .setStage(RejectionStage.INSTRUCTION).setReason("word-count").setDetail("3 words")
                .setConfigVersion("v1").setRejectedAt(Instant.EPOCH).build());

        // When / Then
        assertThatThrownBy(() -> pool.decode(rejection)).isInstanceOf(SerializationException.class);
    }

    @Test
    void aHeaderFollowedByAHugeDeclaredLengthFailsWithoutAllocatingIt() {
        // Given the header of a PoolEntry and a body that claims a string of ~1 GiB
        byte[] valid = pool.encode(poolEntry("x"));
        byte[] hostile = Arrays.copyOf(valid, 10 + 5);
        // zig-zag varint of 2^29: 0x80 0x80 0x80 0x80 0x04
        hostile[10] = (byte) 0x80;
        hostile[11] = (byte) 0x80;
        hostile[12] = (byte) 0x80;
        hostile[13] = (byte) 0x80;
        hostile[14] = (byte) 0x04;

        // When / Then
        assertThatThrownBy(() -> pool.decode(hostile)).isInstanceOf(SerializationException.class);
    }

    @Test
    void refusesToEncodeARecordMissingARequiredField() {
        PoolEntry broken = poolEntry("ok");
        broken.setInstruction(null);

        assertThatThrownBy(() -> pool.encode(broken)).isInstanceOf(SerializationException.class);
    }

    @Test
    void readsARecordWrittenWithAnEarlierSchemaVersion() throws Exception {
        // Given an Example written with schema v1, before truncated and the quality fields existed
        Schema v1 = SchemaHistory.of("Example").get(0).written();
        Schema instanceV1 = v1.getField("instances").schema().getElementType();
        Schema provenanceV1 = v1.getField("provenance").schema();
        GenericRecord instance = new GenericData.Record(instanceV1);
        instance.put("input", "");
        instance.put("output", "Paris");
        GenericRecord provenance =
                new GenericRecordBuilder(provenanceV1).set("model", "m").build();
        GenericRecord old = new GenericRecordBuilder(v1)
                .set("instructionId", "abc").set("candidateId", "c").set("instruction", "Capital of France?")
                .set("instances", List.of(instance)).set("provenance", provenance).set("respondedAt", 1L).build();
        ByteBuffer bytes = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v1).encode(old);
        byte[] written = new byte[bytes.remaining()];
        bytes.get(written);

        // When it is read with today's serde
        Example example = AvroSerde.of(Example.class).decode(written);

        // Then the new fields take their defaults
        assertThat(example.getInstruction()).isEqualTo("Capital of France?");
        assertThat(example.getInstances()).containsExactly(new Instance("", "Paris"));
        assertThat(example.getTruncated()).isFalse();
        assertThat(example.getQualityScore()).isNull();
    }

    @Test
    void aRejectionWrittenBeforeTheStagesWereRenamedReadsUnderTheNewNames() throws Exception {
        // Given rejections written with schema v3, when the responder's stage was RESPONSE and the response rules'
        // OUTPUT, and a generator rejection
        Schema v3 = SchemaHistory.of("Rejection").stream().filter(version -> version.version().equals("v3"))
                .findFirst().orElseThrow().written();
        Map<String, RejectionStage> readAs = new java.util.LinkedHashMap<>();
        readAs.put("RESPONSE", RejectionStage.RESPONDER);
        readAs.put("OUTPUT", RejectionStage.RESPONSE);
        readAs.put("GENERATION", RejectionStage.GENERATION);
        for (Map.Entry<String, RejectionStage> stage : readAs.entrySet()) {
            GenericRecord source = new GenericRecordBuilder(v3.getField("source").schema().getTypes().get(1))
                    .set("topic", "t").set("partition", 0).set("offset", 1L).build();
            GenericRecord old = new GenericRecordBuilder(v3)
                    .set("stage", new GenericData.EnumSymbol(v3.getField("stage").schema(), stage.getKey()))
                    .set("reason", "r").set("detail", "d").set("configVersion", "v").set("source", source)
                    .set("rejectedAt", 1L).build();
            ByteBuffer bytes = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v3).encode(old);
            byte[] written = new byte[bytes.remaining()];
            bytes.get(written);

            // When it is read with today's serde
            Rejection rejection = AvroSerde.of(Rejection.class).decode(written);

            // Then its stage has today's name for what it meant then
            assertThat(rejection.getStage()).as(stage.getKey()).isEqualTo(stage.getValue());
        }
    }

    static PoolEntry poolEntry(String instruction) {
        return PoolEntry.newBuilder()
                .setId(InstructionId.of(instruction))
                .setInstruction(instruction)
                .setInstances(List.of(new Instance("", "an output")))
                .setSource(Source.HUMAN_SEED)
                .setProvenance(Provenance.newBuilder().setMethod("self-instruct-seed-tasks")
                        .setSourceRecordId("seed_task_0").build())
                .setAddedAt(Instant.ofEpochMilli(1_700_000_000_000L))
                .build();
    }
}
