package dev.seedloop.responder;

import dev.seedloop.runtime.kafka.DeadLetters;
import dev.seedloop.runtime.lifecycle.BackgroundLoop;
import dev.seedloop.runtime.llm.Backoff;
import dev.seedloop.runtime.llm.LlmClient;
import dev.seedloop.runtime.llm.LlmFailures;
import dev.seedloop.runtime.llm.LlmMetrics;
import dev.seedloop.runtime.llm.LlmReply;
import dev.seedloop.schemas.TopicRegistry;
import dev.seedloop.schemas.avro.AcceptedInstruction;
import dev.seedloop.schemas.avro.Example;
import dev.seedloop.schemas.avro.Instance;
import dev.seedloop.schemas.avro.Provenance;
import dev.seedloop.schemas.avro.Rejection;
import dev.seedloop.schemas.avro.RejectionStage;
import dev.seedloop.schemas.avro.SourceCoordinates;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The output stage. For every accepted instruction it asks the model for instances, with at most
 * {@code llm.concurrency} calls in flight, and writes exactly one outcome: an example (to the responses topic), a
 * rejection (an answer with no usable instance), or a dead letter (an unreadable record, or a request the server
 * refuses as such). Outcomes are written in Kafka transactions together with the input offsets they complete,
 * in input order per partition, so a crash at any moment neither loses nor repeats an outcome: uncommitted work
 * is simply asked again. Retryable failures (429, 5xx, timeouts) are retried with jittered backoff.
 */
public final class ResponseStage extends BackgroundLoop {

    static final String STAGE = "responder";
    static final String UNPARSEABLE = "unparseable-response";
    static final String OVERSIZED = "oversized-response";
    /** Below the broker's default record limit (1 MiB), with room for headers and batch overhead. */
    static final int MAX_RECORD_BYTES = 900 * 1024;

    private static final Logger LOGGER = LoggerFactory.getLogger(ResponseStage.class);
    private static final Duration POLL = Duration.ofMillis(50);

    private final ResponderConfig config;
    private final TopicRegistry topics;
    private final Consumer<String, byte[]> consumer;
    private final Producer<byte[], byte[]> producer;
    private final LlmClient llm;
    private final InputFirstPrompt prompt = InputFirstPrompt.load();
    private final LlmMetrics llmMetrics;
    private final Counter outcomes;
    private final Counter rejections;
    private final Counter deadLetters;
    private final Map<TopicPartition, ArrayDeque<Work>> pending = new HashMap<>();
    private volatile boolean polling;

    ResponseStage(ResponderConfig config, Consumer<String, byte[]> consumer, Producer<byte[], byte[]> producer,
            LlmClient llm, MeterRegistry registry) {
        super("responder-loop");
        this.config = config;
        this.topics = config.kafka().topics();
        this.consumer = consumer;
        this.producer = producer;
        this.llm = llm;
        this.llmMetrics = new LlmMetrics(registry, STAGE);
        this.outcomes = Counter.builder("seedloop.responder.examples").description("Responses written")
                .register(registry);
        this.rejections = Counter.builder("seedloop.responder.rejected")
                .description("Answers with no usable instance").register(registry);
        this.deadLetters = Counter.builder("seedloop.responder.dead.letters")
                .description("Records dead-lettered by the output stage").register(registry);
        registry.gauge("seedloop.responder.pending", this, stage -> stage.pendingCount());
    }

    @Override
    public boolean isReady() {
        return running() && polling;
    }

    @Override
    protected void loop() {
        try {
            producer.initTransactions();
            consumer.subscribe(List.of(topics.instructions().name()), new Rebalance());
            while (running()) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                    accept(record);
                }
                polling = true;
                startCalls();
                commitFinished();
                applyBackpressure();
            }
            commitFinished();
        } catch (WakeupException e) {
            if (running()) {
                throw e;
            }
            commitQuietly();
        } finally {
            // Unfinished work is abandoned, not failed: it stays uncommitted and is asked again by the next owner.
            pending.values().forEach(queue -> queue.forEach(Work::cancel));
            pending.clear();
            consumer.close(Duration.ofSeconds(10));
            producer.close(Duration.ofSeconds(10));
        }
    }

    @Override
    protected void wakeUp() {
        consumer.wakeup();
    }

    @Override
    protected void release() {
        llm.close();
    }

    private void commitQuietly() {
        try {
            commitFinished();
        } catch (RuntimeException e) {
            LOGGER.warn("could not commit finished work while stopping: {}", e.toString());
        }
    }

    private void accept(ConsumerRecord<String, byte[]> record) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        Work work = new Work(record);
        try {
            if (record.value() == null) {
                throw new SerializationException("record has no value");
            }
            work.instruction = topics.instructions().valueSerde().deserializer().deserialize(record.topic(),
                    record.value());
        } catch (SerializationException e) {
            work.finish(List.of(deadLetter(record, "deserialize", e)));
            deadLetters.increment();
        }
        pending.computeIfAbsent(partition, key -> new ArrayDeque<>()).add(work);
    }

    private void startCalls() {
        int inFlight = 0;
        for (ArrayDeque<Work> queue : pending.values()) {
            for (Work work : queue) {
                if (work.call != null) {
                    inFlight++;
                }
            }
        }
        long now = System.currentTimeMillis();
        for (ArrayDeque<Work> queue : pending.values()) {
            for (Work work : queue) {
                if (inFlight >= config.llm().concurrency()) {
                    return;
                }
                if (work.outcome == null && work.call == null && work.notBefore <= now) {
                    work.attempts++;
                    llmMetrics.started();
                    work.call = llm.chat(prompt.render(work.instruction.getInstruction()));
                    inFlight++;
                }
            }
        }
    }

    /** Resolves finished calls, then commits the outcomes at the head of each partition with their offsets. */
    private void commitFinished() {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (Map.Entry<TopicPartition, ArrayDeque<Work>> entry : pending.entrySet()) {
            ArrayDeque<Work> queue = entry.getValue();
            queue.forEach(this::resolve);
            while (!queue.isEmpty() && queue.peek().outcome != null) {
                Work done = queue.poll();
                records.addAll(done.outcome);
                offsets.put(entry.getKey(), new OffsetAndMetadata(done.record.offset() + 1));
            }
        }
        if (offsets.isEmpty()) {
            return;
        }
        try {
            producer.beginTransaction();
            records.forEach(producer::send);
            producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
            producer.commitTransaction();
        } catch (ProducerFencedException | OutOfOrderSequenceException | AuthorizationException e) {
            throw e;
        } catch (KafkaException e) {
            LOGGER.warn("transaction failed, rewinding to the last committed offsets: {}", e.toString());
            producer.abortTransaction();
            rewind();
        }
    }

    private void resolve(Work work) {
        if (work.outcome != null || work.call == null || !work.call.isDone()) {
            return;
        }
        CompletableFuture<LlmReply> call = work.call;
        work.call = null;
        if (call.isCancelled()) {
            return;
        }
        try {
            LlmReply reply = call.join();
            llmMetrics.succeeded(reply);
            work.finish(List.of(outcome(work, reply)));
        } catch (RuntimeException e) {
            llmMetrics.failed(e);
            String description = LlmFailures.describe(e, config.llm().apiKey());
            boolean retry = LlmFailures.isRetryable(e)
                    && (config.maxAttempts() == 0 || work.attempts < config.maxAttempts());
            if (retry) {
                work.notBefore = System.currentTimeMillis() + Backoff.standard().delay(work.attempts - 1).toMillis();
                LOGGER.warn("LLM call for {} failed (attempt {}), retrying: {}", work.instruction.getInstructionId(),
                        work.attempts, description);
            } else {
                LOGGER.error("LLM call for {} failed for good, dead-lettered: {}",
                        work.instruction.getInstructionId(), description);
                deadLetters.increment();
                work.finish(List.of(deadLetter(work.record, "llm",
                        new IllegalStateException(description))));
            }
        }
    }

    private ProducerRecord<byte[], byte[]> outcome(Work work, LlmReply reply) {
        AcceptedInstruction instruction = work.instruction;
        List<Instance> instances = InstanceParser.parse(reply.content(), reply.truncated(), config.maxInstances());
        Provenance provenance = Provenance.newBuilder(instruction.getProvenance())
                .setResponseModel(reply.model()).build();
        byte[] key = instruction.getInstructionId().getBytes(StandardCharsets.UTF_8);
        if (instances.isEmpty()) {
            rejections.increment();
            Rejection rejection = Rejection.newBuilder()
                    .setStage(RejectionStage.RESPONSE)
                    .setReason(UNPARSEABLE)
                    .setDetail("no instance in the answer" + (reply.truncated() ? " (cut off by the token limit)"
                            : "") + ": " + abbreviate(reply.content()))
                    .setConfigVersion(InputFirstPrompt.VERSION)
                    .setSource(coordinates(work.record))
                    .setCandidateId(instruction.getCandidateId())
                    .setInstructionId(instruction.getInstructionId())
                    .setInstruction(instruction.getInstruction())
                    .setProvenance(provenance)
                    .setRejectedAt(Instant.now())
                    .build();
            return new ProducerRecord<>(topics.rejections().name(), key,
                    topics.rejections().valueSerde().serializer().serialize(topics.rejections().name(), rejection));
        }
        Example example = Example.newBuilder()
                .setInstructionId(instruction.getInstructionId())
                .setCandidateId(instruction.getCandidateId())
                .setInstruction(instruction.getInstruction())
                .setInstances(instances)
                .setProvenance(provenance)
                .setRespondedAt(Instant.now())
                .build();
        byte[] value = topics.responses().valueSerde().serializer().serialize(topics.responses().name(), example);
        if (value.length > MAX_RECORD_BYTES) {
            // Never write what Kafka would refuse: the whole transaction would fail, again on every retry.
            rejections.increment();
            return new ProducerRecord<>(topics.rejections().name(), key, topics.rejections().valueSerde().serializer()
                    .serialize(topics.rejections().name(), Rejection.newBuilder()
                            .setStage(RejectionStage.RESPONSE).setReason(OVERSIZED)
                            .setDetail("the answer's instances take " + value.length + " bytes, more than "
                                    + MAX_RECORD_BYTES)
                            .setScore((double) value.length).setThreshold((double) MAX_RECORD_BYTES)
                            .setConfigVersion(InputFirstPrompt.VERSION).setSource(coordinates(work.record))
                            .setCandidateId(instruction.getCandidateId())
                            .setInstructionId(instruction.getInstructionId())
                            .setInstruction(instruction.getInstruction()).setProvenance(provenance)
                            .setRejectedAt(Instant.now()).build()));
        }
        outcomes.increment();
        return new ProducerRecord<>(topics.responses().name(), key, value);
    }

    private ProducerRecord<byte[], byte[]> deadLetter(ConsumerRecord<String, byte[]> record, String step,
            Exception error) {
        byte[] key = record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8);
        return DeadLetters.record(topics.deadLetters().name(), DeadLetters.of("response-service/" + step,
                record.topic(), record.partition(), record.offset(), key, record.value(), error));
    }

    private void applyBackpressure() {
        int limit = config.llm().concurrency() * 4 + 16;
        if (pendingCount() >= limit) {
            consumer.pause(consumer.assignment());
        } else if (!consumer.paused().isEmpty()) {
            consumer.resume(consumer.paused());
        }
    }

    private int pendingCount() {
        int count = 0;
        for (ArrayDeque<Work> queue : pending.values()) {
            count += queue.size();
        }
        return count;
    }

    /** Forgets everything uncommitted and reads again from the committed offsets. */
    private void rewind() {
        pending.values().forEach(queue -> queue.forEach(Work::cancel));
        pending.clear();
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(consumer.assignment());
        for (TopicPartition partition : consumer.assignment()) {
            OffsetAndMetadata offset = committed.get(partition);
            if (offset != null) {
                consumer.seek(partition, offset);
            } else {
                consumer.seekToBeginning(List.of(partition));
            }
        }
    }

    private static SourceCoordinates coordinates(ConsumerRecord<?, ?> record) {
        return new SourceCoordinates(record.topic(), record.partition(), record.offset());
    }

    private static String abbreviate(String text) {
        String value = text == null ? "" : text;
        return value.length() <= 2000 ? value : value.substring(0, 2000) + "...";
    }

    /** One input record on its way to an outcome. */
    private static final class Work {
        final ConsumerRecord<String, byte[]> record;
        AcceptedInstruction instruction;
        CompletableFuture<LlmReply> call;
        List<ProducerRecord<byte[], byte[]>> outcome;
        int attempts;
        long notBefore;

        Work(ConsumerRecord<String, byte[]> record) {
            this.record = record;
        }

        void finish(List<ProducerRecord<byte[], byte[]>> records) {
            outcome = records;
        }

        void cancel() {
            if (call != null) {
                call.cancel(true);
            }
        }
    }

    /** Commits what is finished before partitions go, and forgets the rest: the next owner asks again. */
    private final class Rebalance implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            commitFinished();
            drop(partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            LOGGER.info("output stage assigned {}", partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            drop(partitions);
        }

        private void drop(Collection<TopicPartition> partitions) {
            // Abandoned, not failed: nothing is written for these records, so the next owner asks again.
            for (TopicPartition partition : partitions) {
                ArrayDeque<Work> queue = pending.remove(partition);
                if (queue != null) {
                    queue.forEach(Work::cancel);
                }
            }
        }
    }
}
