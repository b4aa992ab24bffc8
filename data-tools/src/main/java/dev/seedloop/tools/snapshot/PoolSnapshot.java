package dev.seedloop.tools.snapshot;

import dev.seedloop.runtime.kafka.KafkaClients;
import dev.seedloop.schemas.Topic;
import dev.seedloop.schemas.avro.PoolEntry;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The pool as compaction will leave it: the last committed value per key, deletions applied. A record that cannot
 * be read is counted, not guessed at (the filter dead-letters it).
 */
public record PoolSnapshot(Map<String, PoolEntry> entries, long unreadable) {

    public static PoolSnapshot read(KafkaClients clients, String clientId) {
        Topic<String, PoolEntry> pool = clients.settings().topics().pool();
        Map<String, Object> config = clients.consumer(clientId, null);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Map<String, PoolEntry> entries = new LinkedHashMap<>();
        long unreadable = 0;
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            TopicPartition partition = new TopicPartition(pool.name(), 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            while (consumer.position(partition) < end) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.value() == null) {
                        entries.remove(record.key());
                        continue;
                    }
                    try {
                        entries.put(record.key(), pool.valueSerde().deserializer().deserialize(pool.name(),
                                record.value()));
                    } catch (RuntimeException e) {
                        unreadable++;
                    }
                }
            }
        }
        return new PoolSnapshot(entries, unreadable);
    }
}
