package dev.seedloop.system.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seedloop.kafka.embedded.EmbeddedKafkaBroker;
import dev.seedloop.runtime.config.ConfigSource;
import dev.seedloop.runtime.config.KafkaSettings;
import dev.seedloop.runtime.kafka.KafkaClients;
import dev.seedloop.runtime.kafka.TopicProvisioner;
import dev.seedloop.schemas.InstructionId;
import dev.seedloop.schemas.Topic;
import dev.seedloop.schemas.TopicRegistry;
import dev.seedloop.schemas.avro.AcceptedInstruction;
import dev.seedloop.schemas.avro.CandidateInstruction;
import dev.seedloop.schemas.avro.Example;
import dev.seedloop.schemas.avro.Instance;
import dev.seedloop.schemas.avro.PoolEntry;
import dev.seedloop.schemas.avro.Provenance;
import dev.seedloop.schemas.avro.Source;
import dev.seedloop.schemas.avro.SourceCoordinates;
import dev.seedloop.tools.audit.LoopAudit;
import dev.seedloop.tools.snapshot.AcknowledgedWrites;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The audit sees each broken promise it checks for, and calls a consistent loop clean. */
@Timeout(120)
class LoopAuditIT {

    @Test
    void aDoubledVerdictADoubledPoolRecordANearDuplicateAndAWaitingCandidateAreEachReportedATextAcceptedTwiceIsNot() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.startTemporary()) {
            KafkaClients clients = new KafkaClients(KafkaSettings.from(ConfigSource.ofValues(Map.of(
                    KafkaSettings.BOOTSTRAP_SERVERS.name(), broker.bootstrapServers(),
                    KafkaSettings.TOPIC_PREFIX.name(), "audit"))));
            TopicProvisioner.provision(clients, "audit-test");
            TopicRegistry topics = clients.settings().topics();
            List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
            // A consistent loop: one human seed, one candidate accepted, answered, judged and pooled once
            write(records, topics.pool(), pool("Write a haiku about autumn leaves falling.", Source.HUMAN_SEED));
            String poem = "List three ways to reduce food waste at home.";
            write(records, topics.candidates(), candidate("c-1", poem));
            write(records, topics.instructions(), accepted("c-1", poem));
            write(records, topics.responses(), example("c-1", poem));
            write(records, topics.examples(), example("c-1", poem));
            write(records, topics.pool(), pool(poem, Source.MACHINE));
            // and a text accepted twice: its first answer failed a response rule (no example, no pool entry), so the
            // same text, written again later, was accepted again under the same id, answered and pooled
            String again = "Name four board games that two people can play in under an hour.";
            write(records, topics.candidates(), candidate("c-4", again));
            write(records, topics.instructions(), accepted("c-4", again));
            write(records, topics.responses(), example("c-4", again));
            write(records, topics.candidates(), candidate("c-5", again));
            write(records, topics.instructions(), accepted("c-5", again));
            write(records, topics.responses(), example("c-5", again));
            write(records, topics.examples(), example("c-5", again));
            write(records, topics.pool(), pool(again, Source.MACHINE));
            AcknowledgedWrites.write(clients, "audit-test", records, "writing");

            LoopAudit.Report consistent = new LoopAudit(clients, 0.7).run();
            assertThat(consistent.drained()).as(consistent.describe()).isTrue();
            assertThat(consistent.describe()).contains("clean and drained");
            assertThat(consistent.acceptedInstructions()).isEqualTo(3);

            // When promises are broken: a second verdict, a second pool record, a near-duplicate, and a candidate
            // that has no verdict yet; and unreadable records
            records.clear();
            write(records, topics.instructions(), accepted("c-1", poem));
            write(records, topics.pool(), pool(poem, Source.MACHINE));
            String copy = "Write a haiku about autumn leaves falling down.";
            write(records, topics.candidates(), candidate("c-2", copy));
            write(records, topics.instructions(), accepted("c-2", copy));
            write(records, topics.responses(), example("c-2", copy));
            write(records, topics.examples(), example("c-2", copy));
            write(records, topics.pool(), pool(copy, Source.MACHINE));
            write(records, topics.candidates(), candidate("c-3", "Explain photosynthesis to a child."));
            // and bytes that are no record at all, on the pool and the rejections
            records.add(new ProducerRecord<>(topics.pool().name(), "garbage", new byte[] {(byte) 0xff, 0, 1}));
            records.add(new ProducerRecord<>(topics.rejections().name(), "empty", new byte[0]));
            AcknowledgedWrites.write(clients, "audit-test", records, "writing");

            // Then the audit reports each of them
            LoopAudit.Report broken = new LoopAudit(clients, 0.7).run();
            assertThat(broken.clean()).isFalse();
            assertThat(broken.doubledVerdicts()).isEqualTo(1);
            assertThat(broken.doubledPoolRecords()).isEqualTo(1);
            assertThat(broken.nearDuplicates()).isEqualTo(1);
            assertThat(broken.maxRougeL()).isGreaterThan(0.7);
            assertThat(broken.waitingForVerdict()).isEqualTo(1);
            assertThat(broken.unreadable()).isEqualTo(2);
            assertThat(broken.describe()).contains("BROKEN");
        }
    }

    private static <V> void write(List<ProducerRecord<String, byte[]>> records, Topic<String, V> topic, V value) {
        records.add(new ProducerRecord<>(topic.name(), key(value), topic.valueSerde().serializer()
                .serialize(topic.name(), value)));
    }

    private static String key(Object value) {
        if (value instanceof PoolEntry entry) {
            return entry.getId();
        }
        if (value instanceof CandidateInstruction candidate) {
            return candidate.getCandidateId();
        }
        if (value instanceof AcceptedInstruction accepted) {
            return accepted.getInstructionId();
        }
        return ((Example) value).getInstructionId();
    }

    private static PoolEntry pool(String instruction, Source source) {
        return PoolEntry.newBuilder().setId(InstructionId.of(instruction)).setInstruction(instruction)
                .setInstances(List.of(new Instance("", "x"))).setSource(source)
                .setProvenance(Provenance.newBuilder().build()).setAddedAt(Instant.EPOCH).build();
    }

    private static CandidateInstruction candidate(String id, String instruction) {
        return CandidateInstruction.newBuilder().setCandidateId(id).setInstructionId(InstructionId.of(instruction))
                .setInstruction(instruction).setProvenance(Provenance.newBuilder().build())
                .setGeneratedAt(Instant.EPOCH).build();
    }

    private static AcceptedInstruction accepted(String candidateId, String instruction) {
        return AcceptedInstruction.newBuilder().setInstructionId(InstructionId.of(instruction))
                .setCandidateId(candidateId).setInstruction(instruction).setProvenance(Provenance.newBuilder().build())
                .setConfigVersion("v").setSource(new SourceCoordinates("candidates", 0, 0L))
                .setAcceptedAt(Instant.EPOCH).build();
    }

    private static Example example(String candidateId, String instruction) {
        return Example.newBuilder().setInstructionId(InstructionId.of(instruction)).setCandidateId(candidateId)
                .setInstruction(instruction).setInstances(List.of(new Instance("", "x")))
                .setProvenance(Provenance.newBuilder().build()).setRespondedAt(Instant.EPOCH).build();
    }
}
