package dev.seedloop.launcher.demo;

import dev.seedloop.runtime.kafka.KafkaClients;
import dev.seedloop.runtime.lifecycle.BackgroundLoop;
import dev.seedloop.schemas.Topic;
import dev.seedloop.schemas.TopicRegistry;
import dev.seedloop.schemas.avro.PoolEntry;
import dev.seedloop.schemas.avro.Rejection;
import dev.seedloop.schemas.avro.Source;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows every topic of the loop (committed records only) and counts what flows through: the source of the
 * demo's progress line and summary. It reads from the beginning and separates what this run added.
 */
public final class LoopMonitor extends BackgroundLoop {

    private static final Logger LOGGER = LoggerFactory.getLogger(LoopMonitor.class);

    private final TopicRegistry topics;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Map<TopicPartition, Long> runStart = new HashMap<>();
    private final Map<String, Source> pool = new HashMap<>();
    private final Set<String> joined = new HashSet<>();
    private final Map<String, Long> counts = new HashMap<>();
    private final Map<String, Long> rejected = new TreeMap<>();
    private final Map<String, Long> rejectedByStage = new TreeMap<>();
    private final Map<TopicPartition, Long> positions = new HashMap<>();
    private final KafkaClients clients;

    private LoopMonitor(KafkaClients clients, TopicRegistry topics) {
        super("loop-monitor");
        this.topics = topics;
        this.clients = clients;
        this.consumer = new KafkaConsumer<>(clients.consumer("seedloop-monitor", null), new StringDeserializer(),
                new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (Topic<?, ?> topic : topics.all()) {
            consumer.partitionsFor(topic.name())
                    .forEach(info -> partitions.add(new TopicPartition(info.topic(), info.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        runStart.putAll(consumer.endOffsets(partitions));
    }

    /** Starts following the topics of {@code topics}. */
    public static LoopMonitor start(KafkaClients clients, TopicRegistry topics) {
        LoopMonitor monitor = new LoopMonitor(clients, topics);
        monitor.start();
        return monitor;
    }

    public synchronized LoopStats stats() {
        long seeds = pool.values().stream().filter(source -> source == Source.HUMAN_SEED).count();
        long machine = pool.values().stream().filter(source -> source == Source.MACHINE).count();
        return new LoopStats(pool.size(), seeds, pool.size() - seeds - machine, machine, count("candidates"),
                count("instructions"),
                count("responses"), count("examples"), joined.size(), rejected, rejectedByStage,
                count("dead-letters"), count("unreadable"));
    }

    /** Waits until every record committed so far has been counted, or {@code timeout} passes. */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        Map<TopicPartition, Long> targets = new HashMap<>();
        try (Admin admin = Admin.create(clients.admin("seedloop-monitor"))) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            runStart.keySet().forEach(partition -> latest.put(partition, OffsetSpec.latest()));
            admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .forEach((partition, info) -> targets.put(partition, info.offset()));
        } catch (ExecutionException | TimeoutException e) {
            LOGGER.warn("cannot read the end offsets: {}", e.toString());
            return false;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            synchronized (this) {
                if (targets.entrySet().stream()
                        .allMatch(target -> positions.getOrDefault(target.getKey(), 0L) >= target.getValue())) {
                    return true;
                }
            }
            Thread.sleep(50);
        }
        return false;
    }

    /** Waits until the records of {@code partition} before {@code offset} have been counted, or {@code timeout}. */
    public boolean awaitPosition(TopicPartition partition, long offset, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            synchronized (this) {
                if (positions.getOrDefault(partition, 0L) >= offset) {
                    return true;
                }
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(10);
        }
    }

    @Override
    public boolean isReady() {
        return running();
    }

    @Override
    protected void loop() {
        try {
            while (running()) {
                var records = consumer.poll(Duration.ofMillis(200));
                synchronized (this) {
                    for (ConsumerRecord<String, byte[]> record : records) {
                        count(record);
                    }
                    for (TopicPartition partition : consumer.assignment()) {
                        positions.put(partition, consumer.position(partition));
                    }
                }
            }
        } catch (WakeupException e) {
            if (running()) {
                throw e;
            }
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    @Override
    protected void wakeUp() {
        consumer.wakeup();
    }

    private void count(ConsumerRecord<String, byte[]> record) {
        boolean thisRun = record.offset() >= runStart.getOrDefault(
                new TopicPartition(record.topic(), record.partition()), 0L);
        String topic = record.topic();
        try {
            if (topic.equals(topics.pool().name())) {
                countPool(record, thisRun);
            } else if (!thisRun) {
                return;
            } else if (topic.equals(topics.candidates().name())) {
                increment("candidates");
            } else if (topic.equals(topics.instructions().name())) {
                increment("instructions");
            } else if (topic.equals(topics.responses().name())) {
                increment("responses");
            } else if (topic.equals(topics.examples().name())) {
                increment("examples");
            } else if (topic.equals(topics.deadLetters().name())) {
                increment("dead-letters");
            } else if (topic.equals(topics.rejections().name())) {
                Rejection rejection = topics.rejections().valueSerde().deserializer().deserialize(topic,
                        record.value());
                if (rejection != null) {
                    rejected.merge(rejection.getReason(), 1L, Long::sum);
                    rejectedByStage.merge(rejection.getStage().name(), 1L, Long::sum);
                }
            }
        } catch (SerializationException e) {
            increment("unreadable");
        }
    }

    private void countPool(ConsumerRecord<String, byte[]> record, boolean thisRun) {
        if (record.value() == null) {
            pool.remove(record.key());
            return;
        }
        PoolEntry entry = topics.pool().valueSerde().deserializer().deserialize(record.topic(), record.value());
        Source previous = pool.put(entry.getId(), entry.getSource());
        if (thisRun && previous == null && entry.getSource() == Source.MACHINE) {
            joined.add(entry.getId());
        }
    }

    private void increment(String name) {
        counts.merge(name, 1L, Long::sum);
    }

    private long count(String name) {
        return counts.getOrDefault(name, 0L);
    }
}
