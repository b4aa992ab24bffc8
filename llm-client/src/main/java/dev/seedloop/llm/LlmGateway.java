package dev.seedloop.llm;

import com.openai.errors.OpenAIServiceException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * All of one stage's LLM calls go through here. Calls wait in a queue and are sent when
 * <ul>
 *   <li>fewer than the concurrency limit are in flight: the limit starts at {@code llm.concurrency}, grows by one
 *       per limit's worth of answers while calls wait for it (additive increase) up to {@code llm.max-concurrency},
 *       and halves, at most once a second, while the server is overloaded (multiplicative decrease);</li>
 *   <li>the requests-per-minute and tokens-per-minute budgets allow it: the configured ones, and those the server
 *       announces in its rate-limit headers ({@link ServerLimits}, shared by the process's gateways to the same
 *       endpoint), so a server that says its limits is kept under them instead of answered with 429s (token
 *       buckets; a call reserves its prompt and its token limit, and gives back what it did not use);</li>
 *   <li>the server is not overloaded: "overloaded" means that 429s and timeouts were at least 70% of the calls
 *       sent in the last two seconds (not of the answers: a refusal comes back long before an answer, so among
 *       the first answers refusals would always look the majority), and then every call waits out the server's
 *       {@code Retry-After}, so a burst of refusals is waited out instead of stormed. A scattered 429 only delays
 *       its own call.</li>
 * </ul>
 * Failures the server may not repeat (429, 5xx, timeouts, broken connections, unreadable answers) are tried again
 * after the server's {@code Retry-After} (when it sends one) or else jittered exponential backoff, up to {@code llm.max-attempts} (0: no
 * limit); the others end the call with an {@link LlmCallException}. Tokens and cost are counted per model.
 */
public final class LlmGateway implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(LlmGateway.class);
    private static final int MAX_BODY = 2048;
    /** How long connections must fail before the endpoint counts as unreachable. */
    static final Duration UNREACHABLE_AFTER = Duration.ofSeconds(10);

    private final String stage;
    private final LlmClient client;
    private final LlmSettings settings;
    private final LlmMetrics metrics;
    private final CostMeter costs;
    private final Backoff backoff;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final PriorityQueue<Call<?>> queue = new PriorityQueue<>();
    private final TokenBucket requests;
    private final TokenBucket tokens;
    private final ServerLimits server;
    private final Thread dispatcher;
    private final ConcurrencyLimit limit;
    private int inFlight;
    private long pausedUntil;
    /** When calls began to fail without reaching the server, since its last answer; 0 while it answers. */
    private volatile long unreachableSince;
    private final Counter decreases;
    private long sequence;
    private volatile boolean running = true;

    public LlmGateway(String stage, LlmClient client, CostMeter costs, MeterRegistry registry) {
        this.stage = stage;
        this.client = client;
        this.settings = client.settings();
        this.metrics = new LlmMetrics(registry, stage);
        this.costs = costs;
        this.limit = new ConcurrencyLimit(settings.concurrency(), settings.maxConcurrency());
        this.backoff = new Backoff(settings.backoffInitial(), settings.backoffMax());
        long now = System.nanoTime();
        this.requests = settings.requestsPerMinute() > 0 ? new TokenBucket(settings.requestsPerMinute(), now) : null;
        this.tokens = settings.tokensPerMinute() > 0 ? new TokenBucket(settings.tokensPerMinute(), now) : null;
        this.server = ServerLimits.of(settings.baseUrl().toString(), settings.apiKey());
        Gauge.builder("seedloop.llm.concurrency.limit", this, gateway -> gateway.concurrencyLimit())
                .description("Calls allowed in flight at once, as adapted to 429s and timeouts")
                .tag("stage", stage).register(registry);
        Gauge.builder("seedloop.llm.queued", this, gateway -> gateway.queued())
                .description("Calls waiting to be sent").tag("stage", stage).register(registry);
        this.decreases = Counter.builder("seedloop.llm.concurrency.decreases")
                .description("Times the concurrency limit was halved because the server was overloaded")
                .tag("stage", stage).register(registry);
        Gauge.builder("seedloop.llm.reachable", this, gateway -> gateway.reachable() ? 1 : 0)
                .description("1 while the LLM endpoint answers (any HTTP status), 0 after "
                        + UNREACHABLE_AFTER.toSeconds() + " s of failed connections")
                .tag("stage", stage).register(registry);
        this.dispatcher = new Thread(this::dispatch, "llm-gateway-" + stage);
        this.dispatcher.setDaemon(true);
        this.dispatcher.start();
    }

    /** Queues {@code request}; the future completes with the answer or an {@link LlmCallException}. */
    public CompletableFuture<LlmReply> submit(LlmRequest request) {
        long reserved = (request.system().length() + request.user().length()) / 4
                + request.maxTokens().orElse(settings.maxTokens());
        return queue(reserved, () -> client.chat(request));
    }

    /**
     * Queues a call for the vectors of {@code texts} with {@code model} ({@code /v1/embeddings}), under the same
     * concurrency limit, rate limits, retries and cost accounting as chat calls.
     */
    public CompletableFuture<EmbeddingReply> embed(String model, List<String> texts) {
        long reserved = texts.stream().mapToLong(text -> text.length() / 4 + 1).sum();
        return queue(reserved, () -> client.embed(model, texts));
    }

    private <T extends Metered> CompletableFuture<T> queue(long reservedTokens,
            Supplier<CompletableFuture<T>> attempt) {
        CompletableFuture<T> result = new CompletableFuture<>();
        lock.lock();
        try {
            if (!running) {
                result.completeExceptionally(new CancellationException("the LLM gateway is closed"));
                return result;
            }
            queue.add(new Call<>(attempt, result, reservedTokens, sequence++));
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        return result;
    }

    /**
     * False once calls have failed to reach the server (refused or broken connections, no HTTP answer) for
     * {@link #UNREACHABLE_AFTER} with no answer since: a stage is not ready while its model cannot be reached.
     */
    public boolean reachable() {
        long since = unreachableSince;
        return since == 0 || System.nanoTime() - since < UNREACHABLE_AFTER.toNanos();
    }

    /** The concurrency limit now. */
    public int concurrencyLimit() {
        lock.lock();
        try {
            return limit.value();
        } finally {
            lock.unlock();
        }
    }

    /** Calls queued or in flight. */
    public int pending() {
        lock.lock();
        try {
            return queue.size() + inFlight;
        } finally {
            lock.unlock();
        }
    }

    private int queued() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    public LlmSettings settings() {
        return settings;
    }

    /** Stops sending; calls still queued end with a {@link CancellationException}. Closes the client. */
    @Override
    public void close() {
        lock.lock();
        try {
            if (!running) {
                return;
            }
            running = false;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            dispatcher.join(Duration.ofSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        lock.lock();
        try {
            Call<?> call;
            while ((call = queue.poll()) != null) {
                call.result.completeExceptionally(new CancellationException("the LLM gateway is closed"));
            }
        } finally {
            lock.unlock();
        }
        client.close();
    }

    private void dispatch() {
        lock.lock();
        try {
            while (running) {
                long now = System.nanoTime();
                long wait = readyIn(now);
                if (wait > 0) {
                    changed.awaitNanos(Math.min(wait, Duration.ofSeconds(1).toNanos()));
                    continue;
                }
                Call<?> call = queue.poll();
                inFlight++;
                limit.sent(now);
                if (requests != null) {
                    requests.take(1, now);
                }
                if (tokens != null) {
                    tokens.take(call.reservedTokens, now);
                }
                call.ticket = server.take(call.reservedTokens, now);
                send(call);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    /** Nanoseconds until the head of the queue may be sent (0: now); holds the lock. */
    private long readyIn(long now) {
        Call<?> head = queue.peek();
        if (head == null || inFlight >= limit.value()) {
            return Long.MAX_VALUE;
        }
        long wait = Math.max(0, Math.max(pausedUntil - now, head.notBefore - now));
        if (requests != null) {
            wait = Math.max(wait, requests.waitFor(1, now));
        }
        if (tokens != null) {
            wait = Math.max(wait, tokens.waitFor(head.reservedTokens, now));
        }
        return Math.max(wait, server.waitFor(head.reservedTokens, now));
    }

    private <T extends Metered> void send(Call<T> call) {
        call.attempts++;
        metrics.started();
        CompletableFuture<T> attempt;
        try {
            attempt = call.attempt.get();
        } catch (RuntimeException e) {
            attempt = CompletableFuture.failedFuture(e);
        }
        attempt.whenComplete((reply, error) -> finished(call, reply, error));
    }

    private <T extends Metered> void finished(Call<T> call, T reply, Throwable error) {
        lock.lock();
        try {
            inFlight--;
            long now = System.nanoTime();
            if (error == null || LlmFailures.statusCode(error) > 0) {
                unreachableSince = 0;
            } else if (unreachableSince == 0 && isConnectionFailure(LlmFailures.unwrap(error))) {
                unreachableSince = now;
            }
            if (error == null) {
                metrics.succeeded(reply);
                costs.record(stage, reply.model(), reply.promptTokens(), reply.completionTokens());
                long unused = call.reservedTokens - reply.promptTokens() - reply.completionTokens();
                if (tokens != null) {
                    tokens.giveBack(unused, now);
                }
                // Not given back to the server's budget: a server charges a call's token limit when it admits it
                // (as OpenAI does, and the simulator), whatever the answer then uses
                server.observe(reply.rateLimits(), call.ticket, now);
                // Grow only a limit that is used: calls waiting for it, or every slot taken
                limit.answered(!queue.isEmpty() || inFlight + 1 >= limit.value());
                call.result.complete(reply);
            } else {
                metrics.failed(error);
                handleFailure(call, LlmFailures.unwrap(error), now);
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void handleFailure(Call<?> call, Throwable error, long now) {
        int status = LlmFailures.statusCode(error);
        if (error instanceof OpenAIServiceException service) {
            server.observe(RateLimitHeaders.parse(service.headers()::values), call.ticket, now);
        }
        boolean overloaded = false;
        if (status == 429 || isTimeout(error)) {
            ConcurrencyLimit.Overload overload = limit.refused(now);
            overloaded = overload.overloaded();
            if (overload.decreased()) {
                decreases.increment();
            }
        }
        String description = LlmFailures.describe(error, settings.apiKey());
        boolean retryable = LlmFailures.isRetryable(error);
        boolean exhausted = settings.maxAttempts() > 0 && call.attempts >= settings.maxAttempts();
        if (!retryable || exhausted || !running) {
            call.result.completeExceptionally(new LlmCallException((retryable ? "gave up after " + call.attempts
                    + " attempts: " : "") + description, status, body(error), call.attempts, error));
            return;
        }
        long wait = RetryAfter.wait(error instanceof OpenAIServiceException service
                ? RetryAfter.nanos(service.headers()::values, Instant.now()) : 0, call.attempts, backoff,
                ThreadLocalRandom.current().nextDouble());
        if (overloaded) {
            pausedUntil = Math.max(pausedUntil, now + wait);
        }
        call.notBefore = now + wait;
        metrics.retried(status == 429 ? "rate-limited" : isTimeout(error) ? "timeout"
                : status >= 500 ? "server-error" : "other");
        if (call.attempts == 1 || call.attempts % 10 == 0) {
            LOGGER.warn("{}: LLM call failed (attempt {}), trying again: {}", stage, call.attempts, description);
        }
        queue.add(call);
    }

    private String body(Throwable error) {
        if (!(error instanceof OpenAIServiceException service)) {
            return "";
        }
        String text = String.valueOf(service.body());
        text = LlmFailures.redact(text, settings.apiKey());
        return text.length() > MAX_BODY ? text.substring(0, MAX_BODY) + "..." : text;
    }

    /** A failure to reach the server at all: no HTTP answer, and not a slow one. */
    private static boolean isConnectionFailure(Throwable error) {
        if (isTimeout(error)) {
            return false;
        }
        Throwable current = error;
        while (current != null) {
            if (current instanceof java.io.IOException) {
                return true;
            }
            current = current.getCause() == current ? null : current.getCause();
        }
        return false;
    }

    private static boolean isTimeout(Throwable error) {
        Throwable current = error;
        while (current != null) {
            if (current instanceof TimeoutException || current instanceof InterruptedIOException) {
                return true;
            }
            current = current.getCause() == current ? null : current.getCause();
        }
        return false;
    }

    /** One call, waiting or in flight: how to make an attempt, and where its answer goes. */
    private static final class Call<T extends Metered> implements Comparable<Call<?>> {
        final Supplier<CompletableFuture<T>> attempt;
        final CompletableFuture<T> result;
        final long order;
        final long reservedTokens;
        long notBefore;
        int attempts;
        ServerLimits.Ticket ticket;

        Call(Supplier<CompletableFuture<T>> attempt, CompletableFuture<T> result, long reservedTokens, long order) {
            this.attempt = attempt;
            this.result = result;
            this.order = order;
            this.reservedTokens = reservedTokens;
        }

        @Override
        public int compareTo(Call<?> other) {
            int byTime = Long.compare(notBefore, other.notBefore);
            return byTime != 0 ? byTime : Long.compare(order, other.order);
        }
    }
}
