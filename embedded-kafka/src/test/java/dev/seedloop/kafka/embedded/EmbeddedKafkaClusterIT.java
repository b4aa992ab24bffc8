package dev.seedloop.kafka.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(180)
class EmbeddedKafkaClusterIT {

    @Test
    void transactionsCommittedWhileTheLeaderIsDownAndBackAreEachReadOnce() throws Exception {
        // Given three nodes and a topic on all three, two of which must have each record
        try (EmbeddedKafkaCluster cluster = EmbeddedKafkaCluster.startTemporary(3)) {
            assertThat(cluster.running()).containsExactly(1, 2, 3);
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic("t", Optional.of(1), Optional.of((short) 3))
                        .configs(Map.of("min.insync.replicas", "2")))).all().get();
            }
            TopicPartition partition = new TopicPartition("t", 0);
            List<String> written = new ArrayList<>();
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                    cluster.bootstrapServers(), "transactional.id", "writer", "delivery.timeout.ms", "60000"),
                    new StringSerializer(), new StringSerializer())) {
                producer.initTransactions();
                write(producer, written, 0, 50);

                // When its leader stops as a crashed node stops, and the writer goes on
                int leader = cluster.leader(partition);
                assertThat(leader).isBetween(1, 3);
                cluster.stop(leader);
                write(producer, written, 50, 100);

                // Then another node leads it, and once the first is back it catches up
                assertThat(cluster.leader(partition)).isNotIn(leader, -1);
                cluster.start(leader);
                write(producer, written, 100, 150);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (!cluster.inSyncReplicas(partition).contains(leader) && System.nanoTime() < deadline) {
                    Thread.sleep(200);
                }
                assertThat(cluster.inSyncReplicas(partition)).containsExactly(1, 2, 3);
            }

            // And every record committed is read once, in order
            assertThat(CommittedValues.of(cluster.bootstrapServers(), "t")).containsExactlyElementsOf(written);
        }
    }

    private static void write(KafkaProducer<String, String> producer, List<String> written, int from, int to)
            throws Exception {
        for (int i = from; i < to; i += 10) {
            producer.beginTransaction();
            List<String> batch = new ArrayList<>();
            for (int j = i; j < i + 10; j++) {
                producer.send(new ProducerRecord<>("t", "k", "v" + j));
                batch.add("v" + j);
            }
            producer.commitTransaction();
            written.addAll(batch);
        }
    }
}
