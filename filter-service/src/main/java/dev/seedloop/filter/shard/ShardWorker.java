package dev.seedloop.filter.shard;

import dev.seedloop.filter.FilterRules;
import dev.seedloop.filter.PoolJudge;
import dev.seedloop.filter.rule.Violation;
import dev.seedloop.runtime.kafka.KafkaClients;
import dev.seedloop.runtime.lifecycle.BackgroundLoop;
import dev.seedloop.schemas.Topic;
import dev.seedloop.schemas.TopicRegistry;
import dev.seedloop.schemas.avro.CandidateInstruction;
import dev.seedloop.schemas.avro.Instance;
import dev.seedloop.schemas.avro.PoolDecision;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One shard of the sharded judge as a Kafka process: it holds the pool entries whose ids fall to it
 * ({@link PoolShard}), taken in from its partition of the decisions topic, applies the sequencer's decisions as they
 * come, and answers every candidate with what its part holds, on the answers topic. Answers and the positions they
 * were given at commit in one transaction under a fixed transactional id, so a second copy of the same shard fences
 * the first.
 * <p>
 * A shard that starts reads its whole partition of the decisions (compacted: one record an entry) before it
 * answers; a question on it that no committed transaction had answered is answered again. It answers at most
 * {@link #AHEAD} candidates past what the sequencer has decided (every decision record says how far that is).
 */
public final class ShardWorker extends BackgroundLoop {

    private static final Logger LOGGER = LoggerFactory.getLogger(ShardWorker.class);
    private static final Duration POLL = Duration.ofMillis(100);
    /**
     * How far, in candidates, a shard answers ahead of what the sequencer has decided: enough to keep both busy over a
     * round trip through the broker, few enough that the decisions a shard has not applied when it answers (which the
     * sequencer scores itself) stay few.
     */
    static final long AHEAD = 1024;

    private final int shard;
    private final int shards;
    private final FilterRules rules;
    private final TopicRegistry topics;
    private final Topic<String, PoolDecision> decisions;
    private final TopicPartition candidatesPartition;
    private final TopicPartition decisionsPartition;
    private final KafkaConsumer<String, byte[]> consumer;
    private final KafkaProducer<byte[], byte[]> producer;
    private final PoolShard part;
    private volatile boolean rebuilt;
    /** Every candidate before this offset was decided, as the last decision record read said. */
    private long decidedBefore;
    private boolean paused;
    /** The processor time of the loop's own thread: what it costs, whatever else shares the cores. */
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();
    private final LongAdder busyNanos = new LongAdder();
    private Map<TopicPartition, OffsetAndMetadata> committed = Map.of();

    public ShardWorker(int shard, int shards, FilterRules rules, KafkaClients clients, TopicRegistry topics,
            String applicationId, MeterRegistry registry) {
        super("filter-shard-" + shard);
        this.shard = shard;
        this.shards = shards;
        this.rules = rules;
        this.topics = topics;
        this.decisions = topics.decisions(shards);
        this.candidatesPartition = new TopicPartition(topics.candidates().name(), 0);
        this.decisionsPartition = new TopicPartition(decisions.name(), shard);
        String clientId = "filter-shard-" + shard;
        Map<String, Object> consumerConfig = clients.consumer(clientId, JudgeNames.shardGroup(applicationId, shard));
        // the sequencer waits on these answers: a fetch returns as soon as a decision is there, not after 500 ms
        consumerConfig.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, JudgeNames.FETCH_WAIT_MS);
        // a shard reads its partitions by assignment and never joins its group: no static membership to claim
        consumerConfig.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        this.consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new ByteArrayDeserializer());
        this.producer = new KafkaProducer<>(clients.transactionalProducer(clientId,
                JudgeNames.shardTransactions(applicationId, shard)), new ByteArraySerializer(),
                new ByteArraySerializer());
        this.part = new PoolShard(rules, shard, shards);
        FunctionCounter.builder("seedloop.filter.shard.busy", busyNanos, nanos -> nanos.sum() / 1e9)
                .baseUnit("seconds").tag("shard", Integer.toString(shard))
                .description("Processor time this shard spent applying decisions and answering, not waiting")
                .register(registry);
        Gauge.builder("seedloop.filter.shard.instructions", part, PoolShard::size)
                .description("Pool instructions this shard of the sharded judge holds (their sum is the pool)")
                .tag("shard", Integer.toString(shard)).register(registry);
    }

    public int shard() {
        return shard;
    }

    @Override
    public boolean isReady() {
        return rebuilt && running();
    }

    @Override
    protected void loop() throws Exception {
        try {
            producer.initTransactions();
            consumer.assign(List.of(candidatesPartition, decisionsPartition));
            List<ProducerRecord<byte[], byte[]>> answers = rebuild();
            rebuilt = true;
            commit(answers);
            while (running()) {
                ConsumerRecords<String, byte[]> records = consumer.poll(POLL);
                long started = CPU.getCurrentThreadCpuTime();
                answers = new ArrayList<>();
                for (ConsumerRecord<String, byte[]> record : records.records(decisionsPartition)) {
                    apply(record, answers);
                }
                if (paused && consumer.position(candidatesPartition) < decidedBefore + AHEAD) {
                    consumer.resume(List.of(candidatesPartition));
                    paused = false;
                }
                for (ConsumerRecord<String, byte[]> record : records.records(candidatesPartition)) {
                    if (record.offset() >= decidedBefore + AHEAD) {
                        // far enough ahead: this one is read again once the sequencer has caught up
                        consumer.seek(candidatesPartition, record.offset());
                        consumer.pause(List.of(candidatesPartition));
                        paused = true;
                        break;
                    }
                    if (record.offset() >= decidedBefore) {
                        answer(record, answers);
                    }
                }
                busyNanos.add(CPU.getCurrentThreadCpuTime() - started);
                if (!answers.isEmpty() || moved()) {
                    commit(answers);
                }
            }
        } catch (WakeupException e) {
            if (running()) {
                throw e;
            }
        } finally {
            consumer.close(Duration.ofSeconds(10));
            producer.close(Duration.ofSeconds(10));
        }
    }

    @Override
    protected void wakeUp() {
        consumer.wakeup();
    }

    /**
     * Takes this shard's part of the pool in from its partition of the decisions, to the end; the questions on it
     * after the position the last committed transaction reached are answered, the earlier ones were.
     */
    private List<ProducerRecord<byte[], byte[]>> rebuild() {
        long started = System.nanoTime();
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(Set.of(candidatesPartition,
                decisionsPartition));
        long answeredUpTo = committed.get(decisionsPartition) == null ? 0 : committed.get(decisionsPartition).offset();
        long end = consumer.endOffsets(List.of(decisionsPartition)).get(decisionsPartition);
        consumer.pause(List.of(candidatesPartition));
        consumer.seekToBeginning(List.of(decisionsPartition));
        List<ProducerRecord<byte[], byte[]>> answers = new ArrayList<>();
        while (running() && consumer.position(decisionsPartition) < end) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL).records(decisionsPartition)) {
                if (record.offset() >= answeredUpTo) {
                    apply(record, answers);
                } else {
                    apply(record, null);
                }
            }
        }
        consumer.resume(List.of(candidatesPartition));
        OffsetAndMetadata from = committed.get(candidatesPartition);
        if (from == null) {
            consumer.seekToBeginning(List.of(candidatesPartition));
        } else {
            consumer.seek(candidatesPartition, from.offset());
        }
        LOGGER.info("shard {} of {} took its part of the pool in: entries={} applied={} millis={}", shard, shards,
                part.size(), part.applied(), (System.nanoTime() - started) / 1_000_000);
        return answers;
    }

    /** Applies a decision, or answers a question ({@code answers} null: one already answered). */
    private void apply(ConsumerRecord<String, byte[]> record, List<ProducerRecord<byte[], byte[]>> answers) {
        PoolDecision decision = decisions.valueSerde().deserializer().deserialize(record.topic(), record.value());
        decidedBefore = Math.max(decidedBefore, decision.getDecidedBefore());
        if (ShardRecords.isQuestion(decision)) {
            if (answers != null) {
                PoolJudge.Text text = ShardRecords.text(rules, decision);
                answers.add(answer(text, decision.getQuestion().getCandidateOffset(), Optional.empty()));
            }
        } else if (!ShardRecords.isChange(decision)) {
            return;
        } else if (decision.getInstruction() == null) {
            part.remove(decision.getInstructionId(), decision.getSequence());
        } else {
            part.admit(ShardRecords.text(rules, decision), decision.getSequence());
        }
    }

    /**
     * Answers the candidate {@code record} holds. One that cannot be read gets no answer: the sequencer, reading the
     * same bytes, dead-letters it without waiting for one.
     */
    private void answer(ConsumerRecord<String, byte[]> record, List<ProducerRecord<byte[], byte[]>> answers) {
        CandidateInstruction candidate;
        try {
            candidate = Candidates.read(topics, record);
        } catch (SerializationException e) {
            return;
        }
        Optional<Optional<Violation>> checked = Optional.empty();
        if (ShardRecords.checkerOf(record.offset(), shards) == shard) {
            // the text rules need no pool: each shard runs them on its share of the candidates, for the sequencer
            checked = Optional.of(rules.checkInstruction(candidate.getInstruction(), candidate.getInstances().stream()
                    .map(Instance::getInput).filter(input -> !input.isBlank()).toList()));
        }
        answers.add(answer(PoolJudge.textOf(rules, candidate.getInstruction(), candidate.getEmbedding()),
                record.offset(), checked));
    }

    /** The answer for the candidate at {@code offset}, with the text rules' verdict when this shard checked it. */
    private ProducerRecord<byte[], byte[]> answer(PoolJudge.Text text, long offset,
            Optional<Optional<Violation>> checked) {
        var answer = ShardRecords.wire(part.answer(text), text.id(), offset, part::instruction, checked);
        return new ProducerRecord<>(topics.answers().name(), 0,
                Long.toString(offset).getBytes(StandardCharsets.UTF_8),
                topics.answers().valueSerde().serializer().serialize(topics.answers().name(), answer));
    }

    /** Whether the positions moved since the last commit (past records, or past transaction markers only). */
    private boolean moved() {
        return !positions().equals(committed);
    }

    private Map<TopicPartition, OffsetAndMetadata> positions() {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        offsets.put(candidatesPartition, new OffsetAndMetadata(consumer.position(candidatesPartition)));
        offsets.put(decisionsPartition, new OffsetAndMetadata(consumer.position(decisionsPartition)));
        return offsets;
    }

    private void commit(List<ProducerRecord<byte[], byte[]>> answers) {
        producer.beginTransaction();
        answers.forEach(producer::send);
        Map<TopicPartition, OffsetAndMetadata> offsets = positions();
        producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
        producer.commitTransaction();
        committed = offsets;
    }
}
