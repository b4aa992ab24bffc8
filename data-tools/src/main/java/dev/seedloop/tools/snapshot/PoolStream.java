package dev.seedloop.tools.snapshot;

import dev.seedloop.runtime.kafka.KafkaClients;
import dev.seedloop.schemas.Topic;
import dev.seedloop.schemas.avro.PoolEntry;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The pool topic read once from its beginning to its end, committed records only, without a consumer group, each
 * record handed over as it comes: what every tool that reads the pool is built on. A record that cannot be read is
 * counted, not guessed at (the filter dead-letters it).
 */
public final class PoolStream {

    /** Progress while reading: records read of the records there are. */
    public record Progress(long read, long total, Duration elapsed) {

        /** The line a command prints: {@code ... 574,264 of 1,000,000 pool records read (50,819/s)}. */
        public String line() {
            return String.format(Locale.ROOT, "  ... %,d of %,d pool records read (%,.0f/s)", read, total,
                    read / Math.max(1e-9, elapsed.toNanos() / 1e9));
        }
    }

    /** What is done with each readable record, in topic order. */
    @FunctionalInterface
    public interface Each {
        /** {@code entry} is null for a deletion (a tombstone) of {@code key}. */
        void accept(String key, PoolEntry entry);
    }

    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(10);

    private PoolStream() {
    }

    /** Reads the pool to its end; how many records could not be read. */
    public static long read(KafkaClients clients, String clientId, Consumer<Progress> progress, Each each) {
        long started = System.nanoTime();
        Topic<String, PoolEntry> pool = clients.settings().topics().pool();
        Map<String, Object> config = clients.consumer(clientId, null);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        long unreadable = 0;
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            TopicPartition partition = new TopicPartition(pool.name(), 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long begin = consumer.position(partition);
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            long lastShown = System.nanoTime();
            while (consumer.position(partition) < end) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.key() == null) {
                        unreadable++;
                        continue;
                    }
                    if (record.value() == null) {
                        each.accept(record.key(), null);
                        continue;
                    }
                    PoolEntry entry;
                    try {
                        entry = pool.valueSerde().deserializer().deserialize(pool.name(), record.value());
                    } catch (RuntimeException e) {
                        unreadable++;
                        continue;
                    }
                    each.accept(record.key(), entry);
                }
                if (System.nanoTime() - lastShown > PROGRESS_EVERY.toNanos()) {
                    progress.accept(new Progress(consumer.position(partition) - begin, end - begin,
                            Duration.ofNanos(System.nanoTime() - started)));
                    lastShown = System.nanoTime();
                }
            }
        }
        return unreadable;
    }
}
