package dev.seedloop.tools.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seedloop.schemas.AvroSerde;
import dev.seedloop.schemas.TopicRegistry;
import dev.seedloop.schemas.avro.Instance;
import dev.seedloop.schemas.avro.PoolEntry;
import dev.seedloop.schemas.avro.Provenance;
import dev.seedloop.schemas.avro.Source;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestSpillTest {

    private static final String A = "0123456789abcdef0000000000000001";
    /** Shares its first 64 bits with {@link #A}. */
    private static final String B = "0123456789abcdef0000000000000002";
    private static final String C = "fedcba98765432100000000000000003";

    @TempDir
    Path directory;

    @BeforeAll
    static void trust() {
        AvroSerde.trustRecords();
    }

    @Test
    void examplesComeBackPerIdInFileOrderAndTwoIdsNeverShareASlot() throws Exception {
        Path file;
        try (IngestSpill spill = IngestSpill.create(directory, TopicRegistry.standard().pool())) {
            int a = spill.slot(A, true);
            int b = spill.slot(B, true);
            int c = spill.slot(C, true);
            assertThat(List.of(a, b, c)).containsExactly(0, 1, 2);
            assertThat(spill.slot(A, true)).isEqualTo(a);
            assertThat(spill.slot(B, false)).isEqualTo(b);
            assertThat(spill.slot("0123456789abcdef0000000000000009", false)).isEqualTo(-1);
            assertThat(spill.slot("not an instruction id", false)).isEqualTo(-1);
            assertThatThrownBy(() -> spill.slot("not an instruction id", true))
                    .isInstanceOf(IllegalArgumentException.class);

            spill.addExample(a, entry(A, "first"));
            spill.addExample(b, entry(B, "other"));
            spill.addExample(a, entry(A, "second"));
            spill.addExample(a, entry(A, "third"));
            spill.setPoolValue(b, entry(B, "in the pool"));
            spill.setPoolValue(c, entry(C, "deleted later"));
            spill.setPoolValue(c, null);
            spill.addBytes(a, 10);
            spill.addBytes(a, 5);
            spill.finishWriting();

            assertThat(spill.examples(a)).extracting(e -> e.getInstances().get(0).getOutput())
                    .containsExactly("first", "second", "third");
            assertThat(spill.examples(b)).extracting(PoolEntry::getId).containsExactly(B);
            assertThat(spill.examples(c)).isEmpty();
            assertThat(spill.poolValue(a)).isNull();
            assertThat(spill.poolValue(b).getInstances().get(0).getOutput()).isEqualTo("in the pool");
            assertThat(spill.poolValue(c)).isNull();
            assertThat(spill.bytes(a)).isEqualTo(15);
            assertThat(spill.size()).isEqualTo(3);
            file = Files.list(directory).findFirst().orElseThrow();
        }
        assertThat(file).doesNotExist();
    }

    private static PoolEntry entry(String id, String output) {
        return PoolEntry.newBuilder().setId(id).setInstruction("task " + id)
                .setInstances(List.of(new Instance("", output))).setSource(Source.HUMAN_DATASET)
                .setProvenance(Provenance.newBuilder().setDatasetName("test").build())
                .setAddedAt(Instant.parse("2026-12-03T00:00:00Z")).build();
    }
}
