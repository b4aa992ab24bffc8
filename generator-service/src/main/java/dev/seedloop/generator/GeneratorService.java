package dev.seedloop.generator;

import dev.seedloop.runtime.lifecycle.RunningService;
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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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
public final class GeneratorService implements RunningService {

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
    private final Counter candidates;
    private final Counter dropped;
    private final AtomicLong requestsSent = new AtomicLong();
    private final AtomicInteger consecutiveFinalFailures = new AtomicInteger();
    private final AtomicInteger consecutiveRetryableFailures = new AtomicInteger();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Thread loop;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean running = true;
    private volatile boolean failed;

    GeneratorService(GeneratorConfig config, PoolView pool, LlmClient llm, Producer<String, byte[]> producer,
            BacklogProbe backlog, MeterRegistry registry) {
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
        this.candidates = Counter.builder("seedloop.generator.candidates").description("Candidates emitted")
                .register(registry);
        this.dropped = Counter.builder("seedloop.generator.dropped")
                .description("Model answers or items that yielded no candidate (truncated, unparseable)")
                .register(registry);
        this.loop = new Thread(this::run, "generator-loop");
    }

    void start() {
        loop.start();
    }

    /** LLM requests sent so far. */
    public long requestsSent() {
        return requestsSent.get();
    }

    @Override
    public boolean isAlive() {
        return !failed;
    }

    @Override
    public boolean isReady() {
        return running && pool.isCaughtUp();
    }

    @Override
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    /**
     * Stops asking for more, waits for the requests in flight so that their candidates are sent, then closes
     * the parts it was given, last built first.
     */
    @Override
    public void close() {
        if (closed.getAndSet(true)) {
            return;
        }
        running = false;
        loop.interrupt();
        try {
            loop.join(Duration.ofSeconds(30).toMillis());
            awaitInFlight();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        backlog.close();
        producer.close(Duration.ofSeconds(30));
        llm.close();
        pool.close();
        stopped.countDown();
    }

    private void awaitInFlight() throws InterruptedException {
        if (permits.tryAcquire(config.llm().concurrency(), 60, TimeUnit.SECONDS)) {
            permits.release(config.llm().concurrency());
        } else {
            LOGGER.warn("generator stopped with LLM requests still in flight");
        }
    }

    private void run() {
        try {
            if (!pool.awaitCaughtUp(config.poolWait())) {
                throw new IllegalStateException("the pool topic could not be read within " + config.poolWait());
            }
            while (running && (config.maxRequests() == 0 || requestsSent.get() < config.maxRequests())) {
                if (!canGenerate()) {
                    continue;
                }
                permits.acquire();
                if (!running) {
                    permits.release();
                    break;
                }
                List<Demo> demos = sampler.sample(pool.human(), pool.machine(), random);
                send(demos, prompt.render(demos));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOGGER.error("generator failed", e);
            failed = true;
            stopped.countDown();
        }
        if (running && config.maxRequests() > 0 && requestsSent.get() >= config.maxRequests()) {
            try {
                awaitInFlight();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            producer.flush();
            LOGGER.info("generator sent its {} requests; done", config.maxRequests());
            stopped.countDown();
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
                    topics.candidates().valueSerde().serializer().serialize(topics.candidates().name(), candidate)));
            candidates.increment();
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
            LOGGER.error("{} requests in a row were refused; stopping the generator", count);
            failed = true;
            running = false;
            stopped.countDown();
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
                topics.rejections().valueSerde().serializer().serialize(topics.rejections().name(), rejection)));
    }
}
