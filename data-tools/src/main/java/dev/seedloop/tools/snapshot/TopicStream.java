package dev.seedloop.tools.snapshot;

import dev.seedloop.runtime.kafka.KafkaClients;
import dev.seedloop.schemas.Topic;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A topic read from its beginning (or given offsets) to its end as it is when reading starts, committed records
 * only, without a consumer group, each record handed over as it comes and then forgotten: what the data tools are
 * built on, so that none of them holds a topic in memory. A value that cannot be read is counted, not guessed at
 * (the stages dead-letter such records).
 */
public final class TopicStream {

    /** What is done with each readable record, in offset order per partition; its value is null for a tombstone. */
    @FunctionalInterface
    public interface Each<V> {
        void accept(TopicSnapshot.Entry<V> record);
    }

    private TopicStream() {
    }

    /**
     * Reads {@code topic} from {@code from} (per partition; absent: the beginning) to its end now, telling
     * {@code progress} after each batch; how many values could not be read.
     */
    public static <V> long read(KafkaClients clients, String clientId, Topic<String, V> topic, Map<Integer, Long> from,
            Consumer<ReadProgress> progress, Each<V> each) {
        long started = System.nanoTime();
        Map<String, Object> config = clients.consumer(clientId, null);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        String what = topic.name() + " records read";
        long unreadable = 0;
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic.name(), Duration.ofSeconds(30)).stream()
                    .map(info -> new TopicPartition(topic.name(), info.partition())).toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            long total = 0;
            for (TopicPartition partition : partitions) {
                Long start = from.get(partition.partition());
                if (start == null) {
                    consumer.seekToBeginning(List.of(partition));
                } else {
                    consumer.seek(partition, start);
                }
                total += Math.max(0, ends.get(partition) - consumer.position(partition));
            }
            long read = 0;
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.offset() >= ends.get(new TopicPartition(record.topic(), record.partition()))) {
                        continue;
                    }
                    read++;
                    V value = null;
                    if (record.value() != null) {
                        try {
                            value = topic.valueSerde().deserializer().deserialize(record.topic(), record.value());
                        } catch (RuntimeException e) {
                            // not a record of this topic's schema (the deserializer's SerializationException, or
                            // Avro's own exceptions on corrupt bytes)
                            unreadable++;
                            continue;
                        }
                    }
                    each.accept(new TopicSnapshot.Entry<>(record.key(), value, record.timestamp(),
                            record.partition(), record.offset(), record.headers()));
                }
                progress.accept(new ReadProgress(what, read, total, Duration.ofNanos(System.nanoTime() - started)));
            }
        }
        return unreadable;
    }

    /** Reads all of {@code topic}. */
    public static <V> long read(KafkaClients clients, String clientId, Topic<String, V> topic,
            Consumer<ReadProgress> progress, Each<V> each) {
        return read(clients, clientId, topic, Map.of(), progress, each);
    }
}
