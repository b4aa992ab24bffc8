package dev.seedloop.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seedloop.runtime.config.KafkaSettings;
import dev.seedloop.runtime.kafka.KafkaClients;
import dev.seedloop.schemas.InstructionId;
import dev.seedloop.schemas.TopicRegistry;
import dev.seedloop.schemas.avro.DeadLetter;
import dev.seedloop.schemas.avro.Example;
import dev.seedloop.schemas.avro.Instance;
import dev.seedloop.schemas.avro.PoolEntry;
import dev.seedloop.schemas.avro.Provenance;
import dev.seedloop.schemas.avro.Source;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SinkTopologyTest {

    private final TopicRegistry topics = TopicRegistry.standard();

    @TempDir
    Path directory;

    @Test
    void anAcceptedExampleBecomesAMachinePoolEntryUnderItsStableId() {
        try (TopologyTestDriver driver = driver()) {
            // Given
            TestInputTopic<String, Example> examples = driver.createInputTopic(topics.examples().name(),
                    Serdes.String().serializer(), topics.examples().valueSerde().serializer());
            TestOutputTopic<String, PoolEntry> pool = driver.createOutputTopic(topics.pool().name(),
                    Serdes.String().deserializer(), topics.pool().valueSerde().deserializer());
            Example example = example("Name three rivers in Africa.");

            // When the same example record arrives twice (a replay)
            Instant accepted = Instant.parse("2026-11-30T10:15:00Z");
            examples.pipeInput(example.getInstructionId(), example, accepted);
            examples.pipeInput(example.getInstructionId(), example, accepted);

            // Then the pool gets it under its stable id both times, the same entry (compaction keeps one), added
            // when the loop accepted it
            List<org.apache.kafka.streams.KeyValue<String, PoolEntry>> entries = pool.readKeyValuesToList();
            assertThat(entries.get(0).value).isEqualTo(entries.get(1).value);
            assertThat(entries).hasSize(2).allSatisfy(entry -> {
                assertThat(entry.value.getAddedAt()).isEqualTo(accepted);
                assertThat(entry.key).isEqualTo(InstructionId.of("Name three rivers in Africa."));
                assertThat(entry.value.getSource()).isEqualTo(Source.MACHINE);
                assertThat(entry.value.getInstances()).containsExactly(new Instance("", "The Nile, the Congo, the Niger."));
                assertThat(entry.value.getProvenance().getModel()).isEqualTo("m");
            });
        }
    }

    @Test
    void anExampleWithoutAValueIsDeadLettered() {
        try (TopologyTestDriver driver = driver()) {
            TestInputTopic<byte[], byte[]> raw = driver.createInputTopic(topics.examples().name(),
                    Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer());
            TestOutputTopic<String, DeadLetter> deadLetters = driver.createOutputTopic(topics.deadLetters().name(),
                    Serdes.String().deserializer(), topics.deadLetters().valueSerde().deserializer());

            raw.pipeInput("k".getBytes(StandardCharsets.UTF_8), (byte[]) null);

            DeadLetter letter = deadLetters.readValue();
            assertThat(letter.getStage()).startsWith("sink-service/");
            assertThat(letter.getErrorMessage()).contains("has no value");
            assertThat(letter.getSource().getTopic()).isEqualTo(topics.examples().name());
        }
    }

    private TopologyTestDriver driver() {
        return new TopologyTestDriver(SinkTopology.build(topics),
                new KafkaClients(KafkaSettings.forBootstrap("unused:9092")).streams("sink-test",
                        directory.resolve("state"), "sink-service"));
    }

    static Example example(String instruction) {
        return example(instruction, "The Nile, the Congo, the Niger.");
    }

    static Example example(String instruction, String output) {
        return Example.newBuilder()
                .setInstructionId(InstructionId.of(instruction))
                .setCandidateId("c1")
                .setInstruction(instruction)
                .setInstances(List.of(new Instance("", output)))
                .setProvenance(Provenance.newBuilder().setModel("m").build())
                .setRespondedAt(Instant.EPOCH)
                .build();
    }
}
