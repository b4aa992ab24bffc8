package dev.seedloop.generator;

import dev.seedloop.runtime.lifecycle.BackgroundLoop;
import dev.seedloop.runtime.llm.Backoff;
import dev.seedloop.runtime.llm.LlmClient;
import dev.seedloop.runtime.llm.LlmFailures;
import dev.seedloop.runtime.llm.LlmMetrics;
import dev.seedloop.runtime.llm.LlmReply;
import dev.seedloop.runtime.llm.LlmRequest;
import dev.seedloop.schemas.InstructionId;
import dev.seedloop.schemas.TopicRegistry;
import dev.seedloop.schemas.avro.CandidateInstruction;
import dev.seedloop.schemas.avro.Provenance;
import dev.seedloop.schemas.avro.Rejection;
import dev.seedloop.schemas.avro.RejectionStage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The generation loop: while requests are allowed and the downstream backlog is small, sample demonstrations,
 * send the Self-Instruct prompt (at most {@code llm.concurrency} at once), parse the answer and emit every task
 * as a candidate. Cut-off items and empty answers become rejections, so nothing the model wrote disappears
 * without a trace.
 */
public final class GeneratorService extends BackgroundLoop {

    /** Name of the stage in metrics and rejections. */
    static final String STAGE = "generator";
    /** Reason code of a list item cut off by the token limit. */
    static final String TRUNCATED = "truncated";
    /** Reason code of an answer with no tasks in it. */
    static final String UNPARSEABLE = "unparseable-response";

    private static final Logger LOGGER = LoggerFactory.getLogger(GeneratorService.class);
    private static final int MAX_CONSECUTIVE_FINAL_FAILURES = 20;
    private static final int MAX_RAW_TEXT = 4000;

    private final GeneratorConfig config;
    private final TopicRegistry topics;
    private final PoolView pool;
    private final LlmClient llm;
    private final Producer<String, byte[]> producer;
    private final BacklogProbe backlog;
    private final DemoSampler sampler;
    private final SelfInstructPrompt prompt = SelfInstructPrompt.load();
    private final Random random;
    private final Semaphore permits;
    private final LlmMetrics llmMetrics;
    private final Counter written;
    private final Counter dropped;
    private final Counter sendFailures;
    private final AtomicLong requestsSent = new AtomicLong();
    private final AtomicInteger consecutiveFinalFailures = new AtomicInteger();
    private final AtomicInteger consecutiveRetryableFailures = new AtomicInteger();

    GeneratorService(GeneratorConfig config, PoolView pool, LlmClient llm, Producer<String, byte[]> producer,
            BacklogProbe backlog, MeterRegistry registry) {
        super("generator-loop");
        this.config = config;
        this.topics = config.kafka().topics();
        this.pool = pool;
        this.llm = llm;
        this.producer = producer;
        this.backlog = backlog;
        this.sampler = new DemoSampler(config.demos(), config.machineDemos());
        this.random = config.seed().map(Random::new).orElseGet(Random::new);
        this.permits = new Semaphore(config.llm().concurrency());
        this.llmMetrics = new LlmMetrics(registry, STAGE);
        this.written = Counter.builder("seedloop.generator.records").description("Records written to Kafka")
                .register(registry);
        this.sendFailures = Counter.builder("seedloop.generator.send.failures")
                .description("Candidates and rejections that could not be written to Kafka").register(registry);
        this.dropped = Counter.builder("seedloop.generator.dropped")
                .description("Model answers or items that yielded no candidate (truncated, unparseable)")
                .register(registry);
    }

    /** LLM requests sent so far. */
    public long requestsSent() {
        return requestsSent.get();
    }

    @Override
    public boolean isReady() {
        return running() && pool.isCaughtUp();
    }

    @Override
    protected void loop() throws InterruptedException {
        if (!pool.awaitCaughtUp(config.poolWait())) {
            throw new IllegalStateException("the pool topic could not be read within " + config.poolWait());
        }
        while (running() && (config.maxRequests() == 0 || requestsSent.get() < config.maxRequests())) {
            if (!canGenerate()) {
                continue;
            }
            permits.acquire();
            if (!running()) {
                permits.release();
                break;
            }
            List<Demo> demos = sampler.sample(pool.human(), pool.machine(), random);
            send(demos, prompt.render(demos));
        }
        if (running()) {
            awaitInFlight();
            producer.flush();
            LOGGER.info("generator sent its {} requests; done", config.maxRequests());
            finish();
        }
    }

    /** The loop waits in sleeps and on the permits: an interrupt ends it. */
    @Override
    protected void wakeUp() {
        interruptLoop();
    }

    /** Lets the requests in flight finish so that their candidates are sent, then closes what it was given. */
    @Override
    protected void release() {
        try {
            awaitInFlight();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        backlog.close();
        producer.close(Duration.ofSeconds(30));
        llm.close();
        pool.close();
    }

    private void awaitInFlight() throws InterruptedException {
        if (permits.tryAcquire(config.llm().concurrency(), 60, TimeUnit.SECONDS)) {
            permits.release(config.llm().concurrency());
        } else {
            LOGGER.warn("generator stopped with LLM requests still in flight");
        }
    }

    /** False (after a pause) while there is nothing to show the model or too much waiting downstream. */
    private boolean canGenerate() throws InterruptedException {
        if (pool.human().size() + pool.machine().size() == 0) {
            LOGGER.info("the pool is empty; waiting for seed tasks");
            Thread.sleep(2000);
            return false;
        }
        if (config.maxBacklog() > 0 && requestsSent.get() % 4 == 0) {
            long waiting = backlog.backlog();
            if (waiting >= config.maxBacklog()) {
                LOGGER.debug("backlog {} >= {}; pausing", waiting, config.maxBacklog());
                Thread.sleep(500);
                return false;
            }
        }
        int retryable = consecutiveRetryableFailures.get();
        if (retryable > 0) {
            Thread.sleep(Backoff.standard().delay(retryable - 1).toMillis());
        }
        return true;
    }

    private void send(List<Demo> demos, LlmRequest request) {
        String requestId = UUID.randomUUID().toString();
        requestsSent.incrementAndGet();
        llmMetrics.started();
        llm.chat(request).whenComplete((reply, error) -> {
            try {
                if (error != null) {
                    onFailure(requestId, error);
                } else {
                    onReply(requestId, demos, reply);
                }
            } catch (RuntimeException e) {
                LOGGER.error("could not emit the answer of request {}", requestId, e);
            } finally {
                permits.release();
            }
        });
    }

    private void onReply(String requestId, List<Demo> demos, LlmReply reply) {
        llmMetrics.succeeded(reply);
        consecutiveFinalFailures.set(0);
        consecutiveRetryableFailures.set(0);
        TaskListParser.ParsedTasks parsed = TaskListParser.parse(reply.content(), reply.truncated());
        Provenance provenance = Provenance.newBuilder()
                .setMethod("self-instruct")
                .setModel(reply.model())
                .setPromptVersion(SelfInstructPrompt.VERSION)
                .setRequestId(requestId)
                .setDemoIds(demos.stream().map(Demo::id).toList())
                .build();
        Instant now = Instant.now();
        List<String> tasks = parsed.tasks();
        for (int i = 0; i < tasks.size(); i++) {
            String candidateId = requestId + "-" + i;
            CandidateInstruction candidate = CandidateInstruction.newBuilder()
                    .setCandidateId(candidateId)
                    .setInstructionId(InstructionId.of(tasks.get(i)))
                    .setInstruction(tasks.get(i))
                    .setProvenance(provenance)
                    .setFinishReason(reply.finishReason())
                    .setGeneratedAt(now)
                    .build();
            producer.send(new ProducerRecord<>(topics.candidates().name(), candidateId,
                    topics.candidates().valueSerde().serializer().serialize(topics.candidates().name(), candidate)),
                    (metadata, error) -> sent(candidateId, error));
        }
        parsed.truncatedItem().ifPresent(item -> reject(requestId, provenance, TRUNCATED,
                "last item cut off by the token limit (finish_reason=length)", item));
        if (parsed.empty()) {
            reject(requestId, provenance, UNPARSEABLE, "no tasks found in the answer", reply.content());
        }
    }

    private void onFailure(String requestId, Throwable error) {
        llmMetrics.failed(error);
        String description = LlmFailures.describe(error, config.llm().apiKey());
        if (LlmFailures.isRetryable(error)) {
            int count = consecutiveRetryableFailures.incrementAndGet();
            LOGGER.warn("LLM request {} failed ({} in a row), backing off: {}", requestId, count, description);
            return;
        }
        int count = consecutiveFinalFailures.incrementAndGet();
        LOGGER.error("LLM request {} refused ({} in a row): {}", requestId, count, description);
        if (count >= MAX_CONSECUTIVE_FINAL_FAILURES) {
            fail(count + " LLM requests in a row were refused", LlmFailures.unwrap(error));
        }
    }

    private void reject(String requestId, Provenance provenance, String reason, String detail, String text) {
        dropped.increment();
        Rejection rejection = Rejection.newBuilder()
                .setStage(RejectionStage.GENERATION)
                .setReason(reason)
                .setDetail(detail)
                .setConfigVersion(SelfInstructPrompt.VERSION)
                .setInstruction(text.length() > MAX_RAW_TEXT ? text.substring(0, MAX_RAW_TEXT) : text)
                .setProvenance(provenance)
                .setRejectedAt(Instant.now())
                .build();
        producer.send(new ProducerRecord<>(topics.rejections().name(), requestId,
                topics.rejections().valueSerde().serializer().serialize(topics.rejections().name(), rejection)),
                (metadata, error) -> sent(requestId, error));
    }

    /** Every record is either counted as sent or logged and counted as lost: none disappears unseen. */
    private void sent(String id, Exception error) {
        if (error == null) {
            written.increment();
            return;
        }
        sendFailures.increment();
        LOGGER.error("could not write {} to Kafka: {}", id, error.toString());
    }
}
