package dev.seedloop.generator;

import dev.seedloop.embedding.EmbeddingException;
import dev.seedloop.embedding.EmbeddingRecords;
import dev.seedloop.runtime.kafka.KafkaClients;
import dev.seedloop.runtime.lifecycle.BackgroundLoop;
import dev.seedloop.schemas.Topic;
import dev.seedloop.schemas.avro.Instance;
import dev.seedloop.schemas.avro.PoolEntry;
import dev.seedloop.schemas.avro.Source;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The generator's picture of the pool: it reads the compacted pool topic from the start and follows it, keeping
 * human-written and machine-generated instructions apart for sampling. Unreadable pool records are counted and
 * skipped here; the filter, which reads the same topic in a consumer group, dead-letters them once.
 */
final class PoolView extends BackgroundLoop implements Pool {

    private static final Logger LOGGER = LoggerFactory.getLogger(PoolView.class);

    private final KafkaConsumer<String, byte[]> consumer;
    private final Topic<String, PoolEntry> topic;
    private final DemonstrationPool human;
    private final DemonstrationPool machine;
    private final DemonstrationPool humanClassification;
    private final DemonstrationPool machineClassification;
    /** The model whose vectors the demonstrations keep (for the spreading sampler); null for none. */
    private final String model;
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private final Counter unreadable;
    private final KafkaClientMetrics consumerMetrics;
    /** The source of every entry, so that a replaced or deleted entry moves the counts right. */
    private final Map<String, Source> sources = new HashMap<>();
    private final Map<Source, AtomicLong> bySource = new EnumMap<>(Source.class);

    PoolView(KafkaClients clients, Topic<String, PoolEntry> topic, MeterRegistry registry) {
        this(clients, topic, registry, DemonstrationPool.Sampler.RANDOM, null);
    }

    /** A view whose demonstrations are drawn by {@code sampler}, reading the vectors of {@code model} (or none). */
    PoolView(KafkaClients clients, Topic<String, PoolEntry> topic, MeterRegistry registry,
            DemonstrationPool.Sampler sampler, String model) {
        super("generator-pool-view");
        this.topic = topic;
        this.human = new DemonstrationPool(sampler);
        this.machine = new DemonstrationPool(sampler);
        this.humanClassification = new DemonstrationPool(sampler);
        this.machineClassification = new DemonstrationPool(sampler);
        this.model = model;
        this.consumer = new KafkaConsumer<>(clients.consumer("generator-pool-view", null), new StringDeserializer(),
                new ByteArrayDeserializer());
        this.consumerMetrics = new KafkaClientMetrics(consumer);
        consumerMetrics.bindTo(registry);
        this.unreadable = Counter.builder("seedloop.generator.pool.unreadable")
                .description("Pool records the generator could not read").register(registry);
        for (Source source : Source.values()) {
            AtomicLong count = new AtomicLong();
            bySource.put(source, count);
            Gauge.builder("seedloop.pool.entries", count, AtomicLong::get)
                    .description("Pool entries by source, as the generator reads the pool topic")
                    .tag("source", source.name().toLowerCase(Locale.ROOT).replace('_', '-')).register(registry);
        }
    }

    @Override
    public DemonstrationPool human() {
        return human;
    }

    @Override
    public DemonstrationPool machine() {
        return machine;
    }

    /** The human-written classification tasks (those whose record says so). */
    @Override
    public DemonstrationPool humanClassification() {
        return humanClassification;
    }

    @Override
    public DemonstrationPool machineClassification() {
        return machineClassification;
    }

    /** One instruction of the whole pool, uniformly at random; the pool must not be empty. */
    @Override
    public Demonstration any(java.util.Random random) {
        int humans = human.size();
        int total = humans + machine.size();
        if (total == 0) {
            throw new IllegalStateException("the pool is empty");
        }
        List<Demonstration> one = random.nextInt(total) < humans ? human.sample(1, random) : machine.sample(1, random);
        return one.isEmpty() ? any(random) : one.get(0);
    }

    /** Waits until everything that was in the pool at start has been read. */
    boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    boolean isCaughtUp() {
        return caughtUp.getCount() == 0;
    }

    @Override
    public boolean isReady() {
        return isCaughtUp();
    }

    @Override
    protected void loop() {
        try {
            List<TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(partitions));
            while (running()) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    apply(record);
                }
                if (caughtUp.getCount() > 0) {
                    end.entrySet().removeIf(entry -> consumer.position(entry.getKey()) >= entry.getValue());
                    if (end.isEmpty()) {
                        LOGGER.info("pool view caught up: human={} machine={}", human.size(), machine.size());
                        caughtUp.countDown();
                    }
                }
            }
        } catch (WakeupException e) {
            if (running()) {
                throw e;
            }
        } finally {
            consumerMetrics.close();
            consumer.close(Duration.ofSeconds(5));
        }
    }

    @Override
    protected void wakeUp() {
        consumer.wakeup();
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            if (record.key() != null) {
                for (DemonstrationPool pool : List.of(human, machine, humanClassification, machineClassification)) {
                    pool.remove(record.key());
                }
                count(record.key(), null);
            }
            return;
        }
        PoolEntry entry;
        try {
            entry = topic.valueSerde().deserializer().deserialize(record.topic(), record.value());
        } catch (SerializationException e) {
            unreadable.increment();
            LOGGER.warn("unreadable pool record skipped by the generator: partition={} offset={} error={}",
                    record.partition(), record.offset(), e.getMessage());
            return;
        }
        count(entry.getId(), entry.getSource());
        boolean classification = Boolean.TRUE.equals(entry.getIsClassification());
        Instance first = entry.getInstances().isEmpty() ? null : entry.getInstances().get(0);
        Demonstration demo = new Demonstration(entry.getId(), entry.getInstruction(), first == null ? "" : first.getInput(),
                first == null ? "" : first.getOutput(), classification, vector(entry));
        boolean machineWritten = entry.getSource() == Source.MACHINE;
        (machineWritten ? machine : human).put(demo);
        DemonstrationPool classified = machineWritten ? machineClassification : humanClassification;
        if (classification) {
            classified.put(demo);
        } else {
            classified.remove(demo.id());
        }
    }

    /** The entry's vector of the model, when it carries a usable one. */
    private float[] vector(PoolEntry entry) {
        if (model == null) {
            return null;
        }
        try {
            return EmbeddingRecords.vector(entry.getEmbedding(), model).orElse(null);
        } catch (EmbeddingException e) {
            return null;
        }
    }

    private void count(String id, Source source) {
        Source before = source == null ? sources.remove(id) : sources.put(id, source);
        if (before != null) {
            bySource.get(before).decrementAndGet();
        }
        if (source != null) {
            bySource.get(source).incrementAndGet();
        }
    }
}
