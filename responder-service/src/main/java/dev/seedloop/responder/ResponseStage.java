package dev.seedloop.responder;

import dev.seedloop.llm.LlmCallException;
import dev.seedloop.llm.LlmFailures;
import dev.seedloop.llm.LlmGateway;
import dev.seedloop.runtime.kafka.DeadLetters;
import dev.seedloop.runtime.lifecycle.BackgroundLoop;
import dev.seedloop.schemas.TopicRegistry;
import dev.seedloop.schemas.avro.AcceptedInstruction;
import dev.seedloop.schemas.avro.Example;
import dev.seedloop.schemas.avro.Rejection;
import dev.seedloop.schemas.avro.RejectionStage;
import dev.seedloop.schemas.avro.SourceCoordinates;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
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
 * The responder. For every accepted instruction it runs the {@link ExamplePipeline} (classification, instances,
 * optional judge; its LLM calls go through the stage's {@link LlmGateway}, which bounds and adapts concurrency,
 * retries, and waits out rate limits) and writes exactly one outcome: an example (to the responses topic), a
 * rejection (an answer with no instance in it), or a dead letter (an unreadable record, or a call the gateway
 * gave up on, with the redacted response). Outcomes are written in Kafka transactions together with the input
 * offsets they complete, in input order per partition, so a crash at any moment neither loses nor repeats an
 * outcome: uncommitted work is simply asked again, and results are keyed by instruction id.
 */
public final class ResponseStage extends BackgroundLoop {

    static final String STAGE = "responder";
    static final String UNPARSEABLE = "unparseable-response";
    static final String OVERSIZED = "oversized-response";
    /** Reason of a grey-zone instruction the model judged the same task as a pool instruction: the filter's rule's. */
    static final String SEMANTIC_DUPLICATE = "semantic-duplicate";
    /** Below the broker's default record limit (1 MiB), with room for headers and batch overhead. */
    static final int MAX_RECORD_BYTES = 900 * 1024;

    private static final Logger LOGGER = LoggerFactory.getLogger(ResponseStage.class);
    private static final Duration POLL = Duration.ofMillis(50);
    /** Instructions held at most, answered or not: bounds memory while a slow call holds back its partition. */
    private static final int MAX_BUFFERED = 10_000;

    private final ResponderConfig config;
    private final TopicRegistry topics;
    private final Consumer<String, byte[]> consumer;
    private final Producer<byte[], byte[]> producer;
    private final LlmGateway gateway;
    private final ExamplePipeline pipeline;
    private final Counter outcomes;
    private final Counter rejections;
    private final Counter deadLetters;
    private final Map<TopicPartition, ArrayDeque<Work>> pending = new HashMap<>();
    private volatile boolean polling;
    private final KafkaClientMetrics consumerMetrics;
    private final KafkaClientMetrics producerMetrics;

    ResponseStage(ResponderConfig config, Consumer<String, byte[]> consumer, Producer<byte[], byte[]> producer,
            LlmGateway gateway, MeterRegistry registry) {
        super("responder-loop");
        this.config = config;
        this.topics = config.kafka().topics();
        this.consumer = consumer;
        this.producer = producer;
        this.gateway = gateway;
        this.pipeline = new ExamplePipeline(gateway, config, registry);
        this.consumerMetrics = new KafkaClientMetrics(consumer);
        this.producerMetrics = new KafkaClientMetrics(producer);
        consumerMetrics.bindTo(registry);
        producerMetrics.bindTo(registry);
        this.outcomes = Counter.builder("seedloop.responder.examples").description("Responses written")
                .register(registry);
        this.rejections = Counter.builder("seedloop.responder.rejected")
                .description("Answers with no usable instance").register(registry);
        this.deadLetters = Counter.builder("seedloop.responder.dead.letters")
                .description("Records dead-lettered by the responder").register(registry);
        registry.gauge("seedloop.responder.pending", this, stage -> stage.pendingCount());
    }

    @Override
    public boolean isReady() {
        return running() && polling && gateway.reachable();
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
        gateway.close();
        consumerMetrics.close();
        producerMetrics.close();
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
        for (ArrayDeque<Work> queue : pending.values()) {
            for (Work work : queue) {
                if (work.outcome == null && work.call == null) {
                    try {
                        work.call = pipeline.run(work.instruction);
                    } catch (RuntimeException e) {
                        work.call = CompletableFuture.failedFuture(e);
                    }
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
            if (queue.isEmpty() && offsets.containsKey(entry.getKey())) {
                // Everything fetched is done: commit the position, which is past the transaction markers that
                // follow the last record, so that a drained partition shows no lag
                offsets.put(entry.getKey(), new OffsetAndMetadata(Math.max(offsets.get(entry.getKey()).offset(),
                        consumer.position(entry.getKey()))));
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
        CompletableFuture<ExamplePipeline.Outcome> result = work.call;
        work.call = null;
        if (result.isCancelled()) {
            return;
        }
        try {
            ExamplePipeline.Outcome outcome = result.join();
            work.finish(List.of(outcome instanceof ExamplePipeline.Outcome.Answered answered
                    ? example(work, answered.example())
                    : outcome instanceof ExamplePipeline.Outcome.Duplicate duplicate ? duplicate(work, duplicate)
                    : unusable(work, (ExamplePipeline.Outcome.Unusable) outcome)));
        } catch (CancellationException e) {
            // abandoned while stopping: nothing is written, the next owner asks again
        } catch (RuntimeException e) {
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            if (cause instanceof CancellationException) {
                return;
            }
            String description = cause instanceof LlmCallException call && !call.responseBody().isEmpty()
                    ? call.getMessage() + "; response: " + call.responseBody()
                    : LlmFailures.describe(cause, config.llm().apiKey());
            LOGGER.error("no answer for {}, dead-lettered: {}", work.instruction.getInstructionId(), description);
            deadLetters.increment();
            work.finish(List.of(deadLetter(work.record, cause instanceof LlmCallException ? "llm" : "respond",
                    new IllegalStateException(description))));
        }
    }

    private ProducerRecord<byte[], byte[]> duplicate(Work work, ExamplePipeline.Outcome.Duplicate duplicate) {
        return rejection(work, rejectionOf(work, SEMANTIC_DUPLICATE, "the model judged it the same task as pool entry "
                + duplicate.duplicateOf() + " (cosine " + duplicate.cosine() + ", in the grey zone from "
                + duplicate.from() + ")", duplicate.promptVersion())
                .setScore(duplicate.cosine())
                .setThreshold(duplicate.from())
                .setDuplicateOf(duplicate.duplicateOf())
                .setDuplicateOfInstruction(duplicate.duplicateInstruction())
                .build());
    }

    private ProducerRecord<byte[], byte[]> unusable(Work work, ExamplePipeline.Outcome.Unusable unusable) {
        return rejection(work, rejectionOf(work, UNPARSEABLE, unusable.detail() + ": " + abbreviate(unusable.raw()),
                unusable.promptVersion()).build());
    }

    /** A responder rejection of the work's instruction, with where it came from. */
    private Rejection.Builder rejectionOf(Work work, String reason, String detail, String version) {
        AcceptedInstruction instruction = work.instruction;
        return Rejection.newBuilder()
                .setStage(RejectionStage.RESPONDER)
                .setReason(reason)
                .setDetail(detail)
                .setConfigVersion(version)
                .setSource(coordinates(work.record))
                .setCandidateId(instruction.getCandidateId())
                .setInstructionId(instruction.getInstructionId())
                .setInstruction(instruction.getInstruction())
                .setProvenance(instruction.getProvenance())
                .setRejectedAt(Instant.now());
    }

    private ProducerRecord<byte[], byte[]> rejection(Work work, Rejection rejection) {
        rejections.increment();
        return new ProducerRecord<>(topics.rejections().name(), key(work.instruction),
                topics.rejections().valueSerde().serializer().serialize(topics.rejections().name(), rejection));
    }

    private ProducerRecord<byte[], byte[]> example(Work work, Example example) {
        AcceptedInstruction instruction = work.instruction;
        byte[] value = topics.responses().valueSerde().serializer().serialize(topics.responses().name(), example);
        if (value.length > MAX_RECORD_BYTES) {
            // Never write what Kafka would refuse: the whole transaction would fail, again on every retry.
            rejections.increment();
            return new ProducerRecord<>(topics.rejections().name(), key(instruction), topics.rejections()
                    .valueSerde().serializer().serialize(topics.rejections().name(), Rejection.newBuilder()
                            .setStage(RejectionStage.RESPONDER).setReason(OVERSIZED)
                            .setDetail("the answer's instances take " + value.length + " bytes, more than "
                                    + MAX_RECORD_BYTES)
                            .setScore((double) value.length).setThreshold((double) MAX_RECORD_BYTES)
                            .setConfigVersion("").setSource(coordinates(work.record))
                            .setCandidateId(instruction.getCandidateId())
                            .setInstructionId(instruction.getInstructionId())
                            .setInstruction(instruction.getInstruction()).setProvenance(example.getProvenance())
                            .setRejectedAt(Instant.now()).build()));
        }
        outcomes.increment();
        return new ProducerRecord<>(topics.responses().name(), key(instruction), value);
    }

    /** Keyed by instruction id: a result written again after a crash is the same record for the same key. */
    private static byte[] key(AcceptedInstruction instruction) {
        return instruction.getInstructionId().getBytes(StandardCharsets.UTF_8);
    }

    private ProducerRecord<byte[], byte[]> deadLetter(ConsumerRecord<String, byte[]> record, String step,
            Exception error) {
        byte[] key = record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8);
        return DeadLetters.record(topics.deadLetters().name(), DeadLetters.of(Main.SERVICE + "/" + step,
                record.topic(), record.partition(), record.offset(), key, record.value(), error));
    }

    /**
     * Stops reading while enough instructions are being answered to keep the LLM busy, or while too many finished
     * outcomes wait behind a slow one for their turn to commit (outcomes commit in offset order, so one call that
     * waits out a long Retry-After holds back its partition, not the work on the others).
     */
    private void applyBackpressure() {
        int unfinished = 0;
        int buffered = 0;
        for (ArrayDeque<Work> queue : pending.values()) {
            buffered += queue.size();
            for (Work work : queue) {
                if (work.outcome == null) {
                    unfinished++;
                }
            }
        }
        if (unfinished >= gateway.concurrencyLimit() * 4 + 16 || buffered >= MAX_BUFFERED) {
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
        CompletableFuture<ExamplePipeline.Outcome> call;
        List<ProducerRecord<byte[], byte[]>> outcome;

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
            LOGGER.info("responder assigned {}", partitions);
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
