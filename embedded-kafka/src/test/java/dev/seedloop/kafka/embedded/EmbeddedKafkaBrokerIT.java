package dev.seedloop.kafka.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
class EmbeddedKafkaBrokerIT {

    @TempDir
    Path dataDir;

    @Test
    void keepsTopicsAndCommittedTransactionsAcrossARestartOnTheSameDirectory() throws Exception {
        // Given a broker with a topic and a record written in a transaction
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dataDir)) {
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic("t", Optional.of(1), Optional.empty()))).all().get();
            }
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    "bootstrap.servers", broker.bootstrapServers(), "transactional.id", "probe"),
                    new StringSerializer(), new StringSerializer())) {
                producer.initTransactions();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>("t", "k", "v"));
                producer.commitTransaction();
            }
        }

        // When it restarts on the same directory (on new ports)
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dataDir)) {
            // Then the topic and the record are still there
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
                assertThat(admin.listTopics().names().get()).contains("t");
            }
            assertThat(CommittedValues.of(broker.bootstrapServers(), "t")).containsExactly("v");
        }
    }

    @Test
    void aProducerKeepsWritingThroughARestartOnTheSameAddress() throws Exception {
        // Given a broker and an idempotent producer that has written to it
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dataDir);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("r", Optional.of(1), Optional.empty()))).all().get();
        }
        String address = broker.bootstrapServers();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers", address,
                "enable.idempotence", "true", "acks", "all"), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("r", "k", "before")).get();

            // When the broker stops and starts again
            broker = broker.restart();

            // Then it is at the same address and the same producer's next record arrives after the first
            assertThat(broker.bootstrapServers()).isEqualTo(address);
            producer.send(new ProducerRecord<>("r", "k", "after")).get(60, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(CommittedValues.of(broker.bootstrapServers(), "r")).containsExactly("before", "after");
        } finally {
            broker.close();
        }
    }

    @Test
    void aTransactionItsCoordinatorStillKnowsIsLeftToTheCoordinatorWhenTheBrokerStarts() throws Exception {
        // Given records of a transaction that was never ended, on a broker that stops with it open
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dataDir)) {
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic("o", Optional.of(1), Optional.empty()))).all().get();
            }
            KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                    broker.bootstrapServers(), "transactional.id", "killed", "transaction.timeout.ms", "2000"),
                    new StringSerializer(), new StringSerializer());
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("o", "k", "never committed")).get();
            producer.close(Duration.ZERO);
        }

        // When the broker starts again on the directory
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dataDir)) {

            // Then the transaction is not touched at start: its coordinator, once it has loaded, still has it open
            // and ends it itself (here by its timeout), so nothing of it is ever read and later records are
            assertThat(broker.repairedTransactions()).isEmpty();
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                    broker.bootstrapServers(), "transactional.id", "next"), new StringSerializer(),
                    new StringSerializer())) {
                producer.initTransactions();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>("o", "k", "committed"));
                producer.commitTransaction();
            }
            // (read-committed readers stop before the open transaction until the coordinator has aborted it)
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            List<String> values = CommittedValues.of(broker.bootstrapServers(), "o");
            while (values.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(500);
                values = CommittedValues.of(broker.bootstrapServers(), "o");
            }
            assertThat(values).containsExactly("committed");
        }
    }

    @Test
    void aTransactionItsCoordinatorNoLongerKnowsIsAbortedWhenTheBrokerStarts() throws Exception {
        // Given records of a transaction that was never ended, on a broker that stops
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dataDir)) {
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic("h", Optional.of(1), Optional.empty()))).all().get();
            }
            KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                    broker.bootstrapServers(), "transactional.id", "gone"), new StringSerializer(),
                    new StringSerializer());
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("h", "k", "never committed")).get();
            producer.close(Duration.ZERO);
        }
        // And a coordinator that lost what it knew of it, as after a process was killed while committing
        try (var logs = java.nio.file.Files.list(dataDir.resolve("kafka-logs"))) {
            for (Path partition : logs.filter(path -> path.getFileName().toString().startsWith("__transaction_state"))
                    .toList()) {
                try (var files = java.nio.file.Files.walk(partition)) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
                }
            }
        }

        // When the broker starts again on the directory
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dataDir)) {

            // Then the hanging transaction was aborted, and what is committed after it can be read
            assertThat(broker.repairedTransactions()).containsExactly(new TopicPartition("h", 0));
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                    broker.bootstrapServers(), "transactional.id", "next"), new StringSerializer(),
                    new StringSerializer())) {
                producer.initTransactions();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>("h", "k", "committed"));
                producer.commitTransaction();
            }
            assertThat(CommittedValues.of(broker.bootstrapServers(), "h")).containsExactly("committed");
        }
    }

}
