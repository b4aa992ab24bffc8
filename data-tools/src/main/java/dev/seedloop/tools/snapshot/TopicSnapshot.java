package dev.seedloop.tools.snapshot;

import dev.seedloop.runtime.kafka.KafkaClients;
import dev.seedloop.schemas.Topic;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Everything committed to a topic up to now, read without a consumer group; unreadable values are counted. */
public final class TopicSnapshot {

    /** One record with what a replay or an audit needs of it. */
    public record Entry<V>(String key, V value, long timestamp, int partition, long offset, Headers headers) {

        /** The value of the last header named {@code name}, if the record has one. */
        public Optional<String> header(String name) {
            Header header = headers.lastHeader(name);
            return header == null || header.value() == null ? Optional.empty()
                    : Optional.of(new String(header.value(), StandardCharsets.UTF_8));
        }
    }

    private TopicSnapshot() {
    }

    /** The records of {@code topic} from {@code from} (per partition; absent: the beginning) to the end now. */
    public static <V> Snapshot<V> read(KafkaClients clients, Topic<String, V> topic, Map<Integer, Long> from) {
        Map<String, Object> config = clients.consumer("seedloop-topic-reader", null);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        List<Entry<V>> entries = new ArrayList<>();
        long unreadable = 0;
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic.name(), Duration.ofSeconds(30)).stream()
                    .map(info -> new TopicPartition(topic.name(), info.partition())).toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            for (TopicPartition partition : partitions) {
                Long start = from.get(partition.partition());
                if (start == null) {
                    consumer.seekToBeginning(List.of(partition));
                } else {
                    consumer.seek(partition, start);
                }
            }
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.offset() >= ends.get(new TopicPartition(record.topic(), record.partition()))) {
                        continue;
                    }
                    V value = null;
                    if (record.value() != null) {
                        try {
                            value = topic.valueSerde().deserializer().deserialize(record.topic(), record.value());
                        } catch (SerializationException e) {
                            unreadable++;
                            continue;
                        }
                    }
                    entries.add(new Entry<>(record.key(), value, record.timestamp(), record.partition(),
                            record.offset(), record.headers()));
                }
            }
        }
        return new Snapshot<>(entries, unreadable);
    }

    public static <V> Snapshot<V> read(KafkaClients clients, Topic<String, V> topic) {
        return read(clients, topic, Map.of());
    }

    /** The records read, and how many could not be read. */
    public record Snapshot<V>(List<Entry<V>> entries, long unreadable) {

        public List<V> values() {
            return entries.stream().map(Entry::value).filter(v -> v != null).toList();
        }
    }
}
