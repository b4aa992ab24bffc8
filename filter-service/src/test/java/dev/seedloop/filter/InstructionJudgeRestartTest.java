package dev.seedloop.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seedloop.embedding.EmbeddingRecords;
import dev.seedloop.embedding.InProcessEmbedder;
import dev.seedloop.embedding.InstructionEmbedder;
import dev.seedloop.runtime.config.ConfigSource;
import dev.seedloop.schemas.AvroSerde;
import dev.seedloop.schemas.InstructionId;
import dev.seedloop.schemas.avro.CandidateInstruction;
import dev.seedloop.schemas.avro.Embedding;
import dev.seedloop.schemas.avro.PoolEntry;
import dev.seedloop.schemas.avro.Provenance;
import dev.seedloop.schemas.avro.Rejection;
import dev.seedloop.schemas.avro.Source;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The judge's restart path: a task that starts again finds its pool in the persistent store (RocksDB, on the same
 * state directory) and rebuilds the in-memory index from it before judging anything. TopologyTestDriver wipes its
 * state directory when it closes, so the judge is run here on a mock context with a real store.
 */
class InstructionJudgeRestartTest {

    static {
        // Records are built here without a serde, which is what otherwise makes Avro trust their classes
        AvroSerde.trustRecords();
    }

    private final FilterRules rules = FilterRules.from(ConfigSource.ofValues(Map.of()));
    private static InstructionEmbedder embedder;

    @BeforeAll
    static void loadTheModel() {
        embedder = new InstructionEmbedder(new InProcessEmbedder(2), 2048);
    }

    @AfterAll
    static void closeTheModel() {
        embedder.close();
    }

    @TempDir
    Path stateDir;

    @Test
    void afterARestartTheIndexIsRebuiltFromTheStoreAndJudgesAsBefore() {
        // Given a first life of the task: a pool record taken in and a candidate accepted
        try (Life first = new Life()) {
            first.pool("Write a haiku about the sea at night.");
            first.pool("Write a short autumn-themed poem.");
            assertThat(first.judge("Explain how a lighthouse warns ships at night."))
                    .isInstanceOf(Verdict.AcceptedCandidate.class);
        }

        // When the task starts again on the same state directory (its in-memory index is gone)
        try (Life second = new Life()) {
            // Then near-duplicates of both are rejected against the index rebuilt from the store
            Verdict poolCopy = second.judge("Write a haiku about the sea at night, please.");
            Verdict acceptedCopy = second.judge("Explain how a lighthouse warns the ships at night.");
            assertThat(List.of(poolCopy, acceptedCopy)).allSatisfy(verdict ->
                    assertThat(verdict).isInstanceOf(Verdict.Rejected.class));
            Rejection poolCopyRejection = ((Verdict.Rejected) poolCopy).rejection();
            Rejection acceptedCopyRejection = ((Verdict.Rejected) acceptedCopy).rejection();
            assertThat(poolCopyRejection.getReason()).isEqualTo("near-duplicate");
            assertThat(poolCopyRejection.getDuplicateOf()).isEqualTo(InstructionId.of("Write a haiku about the sea at night."));
            assertThat(poolCopyRejection.getDuplicateOfInstruction()).isEqualTo("Write a haiku about the sea at night.");
            assertThat(acceptedCopyRejection.getDuplicateOf())
                    .isEqualTo(InstructionId.of("Explain how a lighthouse warns ships at night."));
            // And a rewording too different in words for ROUGE-L is rejected by meaning, against the stored vector
            Rejection reworded = ((Verdict.Rejected) second.judge("Compose a brief poem about autumn.")).rejection();
            assertThat(reworded.getReason()).isEqualTo("semantic-duplicate");
            assertThat(reworded.getDuplicateOf()).isEqualTo(InstructionId.of("Write a short autumn-themed poem."));
            // And something new is still accepted
            assertThat(second.judge("List three uses of baking soda in cleaning."))
                    .isInstanceOf(Verdict.AcceptedCandidate.class);
        }
    }

    @Test
    void aPoolTheJvmCannotHoldIsRefusedAtStartSayingWhatToChange() {
        // Given a pool in the store
        try (Life first = new Life()) {
            first.pool("Write a haiku about the sea at night.");
            first.pool("Write a short autumn-themed poem.");
        }

        // When the task starts again in a JVM far too small for it, then it stops before taking the pool in
        assertThatThrownBy(() -> new Life(new PoolMemory(1024, 1024)).close())
                .isInstanceOf(PoolMemory.TooLargeException.class)
                .hasMessageContaining("the pool holds 2 instructions (2 with a vector)")
                .hasMessageContaining("give it more heap (-Xmx");
    }

    /** One life of the judge's task: a persistent pool store on the state directory, the judge initialised on it. */
    private final class Life implements AutoCloseable {
        private final MockProcessorContext<String, Verdict> context;
        private final KeyValueStore<String, String> store;
        private final KeyValueStore<String, Embedding> vectors;
        private final InstructionJudge judge;
        private long offset;

        Life() {
            this(PoolMemory.ofThisJvm());
        }

        Life(PoolMemory memory) {
            Properties properties = new Properties();
            properties.put(StreamsConfig.APPLICATION_ID_CONFIG, "judge-restart-test");
            properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
            context = new MockProcessorContext<>(properties, new TaskId(0, 0), stateDir.toFile());
            context.setCurrentSystemTimeMs(Instant.parse("2026-12-01T00:00:00Z").toEpochMilli());
            store = Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(FilterTopology.POOL_STORE),
                    Serdes.String(), Serdes.String()).withLoggingDisabled().build();
            store.init(context.getStateStoreContext(), store);
            context.addStateStore(store);
            vectors = Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(FilterTopology.VECTOR_STORE),
                    Serdes.String(), AvroSerde.of(Embedding.class)).withLoggingDisabled().build();
            vectors.init(context.getStateStoreContext(), vectors);
            context.addStateStore(vectors);
            judge = new InstructionJudge(rules, new FilterMetrics(new SimpleMeterRegistry()), memory);
            try {
                judge.init(context);
            } catch (RuntimeException e) {
                store.close();
                vectors.close();
                throw e;
            }
        }

        void pool(String instruction) {
            PoolEntry entry = PoolEntry.newBuilder().setId(InstructionId.of(instruction)).setInstruction(instruction)
                    .setSource(Source.HUMAN_SEED).setProvenance(Provenance.newBuilder().build())
                    .setAddedAt(Instant.EPOCH).setEmbedding(vector(instruction)).build();
            context.setRecordMetadata("seedloop.pool", 0, offset++);
            judge.process(new Record<>(entry.getId(), new InstructionEvent.PoolRecord(entry.getId(), entry), 0L));
        }

        Verdict judge(String instruction) {
            CandidateInstruction candidate = CandidateInstruction.newBuilder().setCandidateId("c" + offset)
                    .setInstructionId(InstructionId.of(instruction)).setInstruction(instruction)
                    .setProvenance(Provenance.newBuilder().setModel("test-model").build())
                    .setGeneratedAt(Instant.EPOCH).setEmbedding(vector(instruction)).build();
            context.resetForwards();
            context.setRecordMetadata("seedloop.candidates", 0, offset++);
            judge.process(new Record<>(candidate.getCandidateId(), new InstructionEvent.Candidate(candidate), 0L));
            List<MockProcessorContext.CapturedForward<? extends String, ? extends Verdict>> forwarded =
                    context.forwarded();
            assertThat(forwarded).hasSize(1);
            return forwarded.get(0).record().value();
        }

        private Embedding vector(String instruction) {
            return EmbeddingRecords.of((InstructionEmbedder.Embedded) embedder.embed(List.of(instruction)).get(0));
        }

        @Override
        public void close() {
            vectors.flush();
            vectors.close();
            store.flush();
            store.close();
        }
    }
}
