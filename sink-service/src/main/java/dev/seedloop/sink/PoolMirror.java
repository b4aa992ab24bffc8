package dev.seedloop.sink;

import dev.seedloop.runtime.kafka.KafkaClients;
import dev.seedloop.runtime.lifecycle.BackgroundLoop;
import dev.seedloop.schemas.Topic;
import dev.seedloop.schemas.avro.PoolEntry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps {@code sink.jsonl-path} equal to the pool's machine-written entries: follows the pool topic from its
 * beginning (committed records only, no consumer group, as the generator does), reconciles the file once it has
 * caught up, then applies every record as it comes. The file is derived from the pool, so a crash, a replayed
 * record or a promotion's tombstones can never leave it holding what the pool does not.
 */
public final class PoolMirror extends BackgroundLoop {

    private static final Logger LOGGER = LoggerFactory.getLogger(PoolMirror.class);
    private static final Duration FINAL_CATCH_UP = Duration.ofSeconds(5);

    private final Topic<String, PoolEntry> pool;
    private final KafkaConsumer<String, byte[]> consumer;
    private final MirrorFile file;
    private final Path path;
    private final TopicPartition partition;

    PoolMirror(KafkaClients clients, Topic<String, PoolEntry> pool, Path path) {
        super("pool-mirror");
        this.pool = pool;
        this.path = path;
        this.file = new MirrorFile(path);
        Map<String, Object> config = clients.consumer("sink-pool-mirror", null);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        this.consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
        this.partition = new TopicPartition(pool.name(), 0);
    }

    /**
     * Makes {@code path} equal to the pool's machine-written entries now, once, without following the pool: for a
     * command that changed the pool (a promotion) while no sink was running to follow it.
     */
    public static void syncOnce(KafkaClients clients, Topic<String, PoolEntry> pool, Path path) {
        PoolMirror mirror = new PoolMirror(clients, pool, path);
        try {
            TopicPartition partition = mirror.partition;
            mirror.consumer.assign(List.of(partition));
            mirror.consumer.seekToBeginning(List.of(partition));
            long end = mirror.consumer.endOffsets(List.of(partition)).get(partition);
            while (mirror.consumer.position(partition) < end) {
                mirror.apply(mirror.consumer.poll(Duration.ofMillis(500)));
            }
            mirror.file.reconcile();
        } finally {
            mirror.consumer.close(Duration.ofSeconds(5));
        }
    }

    @Override
    public boolean isReady() {
        return running();
    }

    @Override
    protected void loop() {
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
        long startEnd = consumer.endOffsets(List.of(partition)).get(partition);
        boolean caughtUp = false;
        try {
            while (running()) {
                apply(consumer.poll(Duration.ofMillis(500)));
                if (!caughtUp && consumer.position(partition) >= startEnd) {
                    caughtUp = true;
                    file.reconcile();
                    LOGGER.info("{} mirrors the {} machine-written entries of {}", path, file.size(), pool.name());
                } else if (caughtUp) {
                    file.write();
                }
            }
        } catch (WakeupException e) {
            if (running()) {
                throw e;
            }
        }
        // What the sink wrote just before it stopped belongs in the file too
        long end = consumer.endOffsets(List.of(partition)).get(partition);
        long deadline = System.nanoTime() + FINAL_CATCH_UP.toNanos();
        while (consumer.position(partition) < end && System.nanoTime() < deadline) {
            apply(consumer.poll(Duration.ofMillis(200)));
        }
        if (caughtUp || consumer.position(partition) >= startEnd) {
            file.reconcile();
        }
    }

    private void apply(ConsumerRecords<String, byte[]> records) {
        for (ConsumerRecord<String, byte[]> record : records) {
            if (record.key() == null) {
                continue;
            }
            PoolEntry entry;
            try {
                entry = record.value() == null ? null : pool.valueSerde().deserializer().deserialize(record.topic(),
                        record.value());
            } catch (SerializationException e) {
                // The filter dead-letters unreadable pool records; the mirror only leaves them out
                LOGGER.warn("{} skips the unreadable pool record at offset {}: {}", path, record.offset(),
                        e.getMessage());
                continue;
            }
            file.apply(record.key(), entry);
        }
    }

    @Override
    protected void wakeUp() {
        consumer.wakeup();
    }

    @Override
    protected void release() {
        consumer.close(Duration.ofSeconds(5));
    }
}
