package dev.seedloop.generator;

import dev.seedloop.llm.CostMeter;
import dev.seedloop.llm.LlmCallException;
import dev.seedloop.llm.LlmGateway;
import dev.seedloop.runtime.lifecycle.BackgroundLoop;
import dev.seedloop.schemas.TopicRegistry;
import dev.seedloop.schemas.avro.CandidateInstruction;
import dev.seedloop.schemas.avro.Provenance;
import dev.seedloop.schemas.avro.Rejection;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The generation loop: while the budget allows and the downstream backlog is small, start a unit of the
 * configured {@link GenerationMethod}'s {@link Proposer} whenever the LLM gateway has fewer calls than its adaptive limit (at most
 * {@code llm.max-concurrency} units at once; the gateway retries and keeps under rate limits) and write what it produced: candidates to the
 * candidates topic, rejections for everything the model wrote that could not become one. Calls the gateway
 * gives up on are counted and logged; a long run of them stops the service.
 * <p>
 * With a {@link GenerationTarget}, candidates are written only while the loop has room for them; the others are
 * held and written as room frees up (as candidates on their way are rejected), and a unit starts only when the
 * room left can take what it will likely yield. Candidates still held when the generator stops were not needed:
 * each becomes a {@value #TARGET_REACHED} rejection, so none vanishes.
 */
public final class GeneratorService extends BackgroundLoop {

    /** Name of the stage in metrics and rejections. */
    public static final String STAGE = "generator";

    private static final Logger LOGGER = LoggerFactory.getLogger(GeneratorService.class);
    private static final int MAX_CONSECUTIVE_FAILURES = 20;
    /** Reason of a candidate generated but never needed: the run reached its target first. */
    static final String TARGET_REACHED = "target-reached";
    /** How often the target's room is measured again; in between, what was written since is subtracted. */
    private static final long ROOM_EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final GeneratorConfig config;
    private final TopicRegistry topics;
    private final PoolView pool;
    private final LlmGateway gateway;
    private final KafkaClientMetrics producerMetrics;
    private final Proposer proposer;
    private final CostMeter costs;
    private final Producer<String, byte[]> producer;
    private final BacklogProbe backlog;
    private final CandidateVectors vectors;
    private final Random random;
    private final Semaphore permits;
    private final Counter written;
    private final Counter dropped;
    private final Counter sendFailures;
    private final Counter failedUnits;
    private final AtomicLong unitsStarted = new AtomicLong();
    private final AtomicInteger consecutiveFailures = new AtomicInteger();
    private volatile boolean budgetReached;
    private final GenerationTarget target;
    /** Candidates generated but not yet written: the target had no room for them. Guarded by itself. */
    private final Deque<CandidateInstruction> held = new ArrayDeque<>();
    private final AtomicInteger unitsInFlight = new AtomicInteger();
    /** Candidates written whose write the broker has not acknowledged (not yet visible downstream). */
    private final AtomicLong unacknowledged = new AtomicLong();
    /** The most candidates one unit may yield, as declared by the method or seen since. */
    private final AtomicInteger perUnit;
    /** Candidates written so far; this and the measure below belong to the loop's thread. */
    private long released;
    private long releasedAtMeasure;
    private long roomAtMeasure;
    private long measuredAt = -ROOM_EVERY_NANOS - 1;

    GeneratorService(GeneratorConfig config, PoolView pool, LlmGateway gateway, Proposer proposer,
            CostMeter costs, Producer<String, byte[]> producer, BacklogProbe backlog, CandidateVectors vectors,
            MeterRegistry registry, GenerationTarget target) {
        super("generator-loop");
        this.target = target;
        this.perUnit = new AtomicInteger(Math.max(1, proposer.candidatesPerUnit()));
        this.config = config;
        this.topics = config.kafka().topics();
        this.pool = pool;
        this.gateway = gateway;
        this.proposer = proposer;
        this.costs = costs;
        this.producer = producer;
        this.backlog = backlog;
        this.vectors = vectors;
        this.random = config.seed().map(Random::new).orElseGet(Random::new);
        this.permits = new Semaphore(config.llm().maxConcurrency());
        this.producerMetrics = new KafkaClientMetrics(producer);
        producerMetrics.bindTo(registry);
        this.written = Counter.builder("seedloop.generator.records").description("Records written to Kafka")
                .register(registry);
        this.sendFailures = Counter.builder("seedloop.generator.send.failures")
                .description("Candidates and rejections that could not be written to Kafka").register(registry);
        this.dropped = Counter.builder("seedloop.generator.dropped")
                .description("Model answers or items that yielded no candidate (rejections at generation)")
                .register(registry);
        this.failedUnits = Counter.builder("seedloop.generator.failed")
                .description("Generation units whose LLM call failed for good").register(registry);
    }

    /** Units of generation (one prompt, or an evolution and its judgement) started so far. */
    public long requestsSent() {
        return unitsStarted.get();
    }

    /** True once {@code generator.max-cost} stopped the generation. */
    public boolean budgetReached() {
        return budgetReached;
    }

    @Override
    public boolean isReady() {
        return running() && pool.isCaughtUp() && gateway.reachable();
    }

    @Override
    protected void loop() throws InterruptedException {
        if (!pool.awaitCaughtUp(config.poolWait())) {
            throw new IllegalStateException("the pool topic could not be read within " + config.poolWait());
        }
        LOGGER.info("generating with {} ({} demonstrations, language {})", config.method().name(),
                config.demonstrations(), config.language().name().toLowerCase(java.util.Locale.ROOT));
        while (running() && (config.maxRequests() == 0 || unitsStarted.get() < config.maxRequests())) {
            if (overBudget()) {
                budgetReached = true;
                LOGGER.info("generation stopped: LLM cost {} USD reached generator.max-cost {} USD",
                        String.format(java.util.Locale.ROOT, "%.4f", costs.totalCost()), config.maxCost());
                break;
            }
            releaseHeld();
            if (!canGenerate()) {
                continue;
            }
            if (!roomForUnit()) {
                Thread.sleep(50);
                continue;
            }
            if (gateway.pending() >= gateway.concurrencyLimit()) {
                // The gateway sends what its adaptive limit allows: keep it busy, not flooded
                Thread.sleep(5);
                continue;
            }
            if (!permits.tryAcquire(50, TimeUnit.MILLISECONDS)) {
                continue;
            }
            if (!running()) {
                permits.release();
                break;
            }
            startUnit();
        }
        if (running()) {
            awaitInFlight();
            releaseHeld();
            producer.flush();
            LOGGER.info("generator finished after {} units", unitsStarted.get());
            finish();
        }
    }

    /** The loop waits in sleeps and on the permits: an interrupt ends it. */
    @Override
    protected void wakeUp() {
        interruptLoop();
    }

    /**
     * Lets the units in flight finish so that their records are sent, records the candidates the target had no room
     * for as rejections, then closes what it was given.
     */
    @Override
    protected void release() {
        try {
            awaitInFlight();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        rejectHeld();
        gateway.close();
        backlog.close();
        if (vectors != null) {
            vectors.close();
        }
        producerMetrics.close();
        producer.close(Duration.ofSeconds(30));
        pool.close();
    }

    private boolean overBudget() {
        return config.maxCost() > 0 && costs.totalCost() >= config.maxCost();
    }

    private void awaitInFlight() throws InterruptedException {
        if (permits.tryAcquire(config.llm().maxConcurrency(), 60, TimeUnit.SECONDS)) {
            permits.release(config.llm().maxConcurrency());
        } else {
            LOGGER.warn("generator stopped with LLM calls still in flight");
        }
    }

    /** False (after a pause) while there is nothing to show the model or too much waiting downstream. */
    private boolean canGenerate() throws InterruptedException {
        if (!proposer.canGenerate(pool)) {
            LOGGER.info("the pool has nothing {} can show yet; waiting", config.method().name());
            Thread.sleep(2000);
            return false;
        }
        if (config.maxBacklog() > 0 && unitsStarted.get() % 4 == 0) {
            long waiting = backlog.backlog();
            if (waiting >= config.maxBacklog()) {
                LOGGER.debug("backlog {} >= {}; pausing", waiting, config.maxBacklog());
                Thread.sleep(500);
                return false;
            }
        }
        return true;
    }

    private void startUnit() {
        unitsStarted.incrementAndGet();
        unitsInFlight.incrementAndGet();
        try {
            CompletableFuture<Generated> unit = proposer.generate(random);
            (vectors == null ? unit : unit.thenCompose(vectors::embed)).whenComplete((generated, error) -> {
                try {
                    if (error != null) {
                        onFailure(error);
                    } else {
                        consecutiveFailures.set(0);
                        emit(generated);
                    }
                } catch (RuntimeException e) {
                    LOGGER.error("could not emit a generation result", e);
                } finally {
                    unitsInFlight.decrementAndGet();
                    permits.release();
                }
            });
        } catch (RuntimeException e) {
            unitsInFlight.decrementAndGet();
            permits.release();
            onFailure(e);
        }
    }

    /**
     * What a unit produced: without a target its candidates are written at once; with one they are held, and the
     * loop writes them as the target has room (here, on the thread that completed the call, nothing waits for
     * Kafka's admin calls).
     */
    private void emit(Generated generated) {
        perUnit.accumulateAndGet(generated.candidates().size(), Math::max);
        generated.candidates().forEach(this::stamp);
        if (target == GenerationTarget.NONE) {
            generated.candidates().forEach(this::write);
        } else {
            synchronized (held) {
                held.addAll(generated.candidates());
            }
        }
        for (Rejection rejection : generated.rejections()) {
            reject(rejection);
        }
    }

    /**
     * Stamps what the configured method declared on the candidate's provenance, whatever the method itself wrote:
     * its name, and how its instructions get their instances (which the responder and the response rules read).
     */
    private void stamp(CandidateInstruction candidate) {
        Provenance provenance = candidate.getProvenance() == null ? Provenance.newBuilder().build()
                : Provenance.newBuilder(candidate.getProvenance()).build();
        provenance.setMethod(config.method().name());
        provenance.setInstanceSource(config.method().instanceSource());
        candidate.setProvenance(provenance);
    }

    /** Writes the held candidates the target has room for; the loop's thread only. */
    private void releaseHeld() {
        if (target == GenerationTarget.NONE) {
            return;
        }
        long free = free();
        List<CandidateInstruction> writable = new ArrayList<>();
        synchronized (held) {
            while (!held.isEmpty() && writable.size() < free) {
                writable.add(held.poll());
            }
        }
        released += writable.size();
        writable.forEach(this::write);
    }

    private void write(CandidateInstruction candidate) {
        String id = candidate.getCandidateId();
        unacknowledged.incrementAndGet();
        producer.send(new ProducerRecord<>(topics.candidates().name(), id,
                topics.candidates().valueSerde().serializer().serialize(topics.candidates().name(), candidate)),
                (metadata, error) -> {
                    unacknowledged.decrementAndGet();
                    sent(id, error);
                });
    }

    /**
     * True when a new unit fits in the room left after what is held and what the units in flight will likely
     * yield. Always true without a target; the loop's thread only.
     */
    private boolean roomForUnit() {
        if (target == GenerationTarget.NONE) {
            return true;
        }
        int holding;
        synchronized (held) {
            holding = held.size();
        }
        return free() - holding - (long) perUnit.get() * unitsInFlight.get() > 0;
    }

    /**
     * The target's room less what this generator has written that is not yet visible downstream. Measured again
     * every {@link #ROOM_EVERY_NANOS}; in between, what was written since the measure is subtracted. The writes not
     * yet acknowledged are read before the room, so a write acknowledged in between counts twice, never not at all.
     */
    private long free() {
        long now = System.nanoTime();
        if (now - measuredAt > ROOM_EVERY_NANOS) {
            long notVisible = unacknowledged.get();
            long room = target.room();
            roomAtMeasure = room == Long.MAX_VALUE ? room : room - notVisible;
            releasedAtMeasure = released;
            measuredAt = System.nanoTime();
        }
        return roomAtMeasure == Long.MAX_VALUE ? Long.MAX_VALUE : roomAtMeasure - (released - releasedAtMeasure);
    }

    /** The held candidates, never written: the run reached its target without them. */
    private void rejectHeld() {
        List<CandidateInstruction> unneeded;
        synchronized (held) {
            unneeded = new ArrayList<>(held);
            held.clear();
        }
        for (CandidateInstruction candidate : unneeded) {
            reject(Proposals.rejection(TARGET_REACHED, "generated, but the run reached its target before this "
                    + "candidate was needed", candidate.getProvenance(), candidate.getInstruction()));
        }
        if (!unneeded.isEmpty()) {
            LOGGER.info("{} candidates were not needed: the run reached its target", unneeded.size());
        }
    }

    private void reject(Rejection rejection) {
        dropped.increment();
        String key = rejection.getProvenance() == null ? null : rejection.getProvenance().getRequestId();
        producer.send(new ProducerRecord<>(topics.rejections().name(), key,
                topics.rejections().valueSerde().serializer().serialize(topics.rejections().name(), rejection)),
                (metadata, error) -> sent(key, error));
    }

    private void onFailure(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof CancellationException) {
            return;
        }
        failedUnits.increment();
        int count = consecutiveFailures.incrementAndGet();
        LOGGER.error("a {} unit failed ({} in a row): {}", config.method().name(), count,
                cause instanceof LlmCallException ? cause.getMessage() : cause.toString());
        if (count >= MAX_CONSECUTIVE_FAILURES) {
            fail(count + " generation units in a row failed", cause);
        }
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
