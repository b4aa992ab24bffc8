package dev.seedloop.llm.simulated;

import java.time.Duration;

/**
 * The simulated server's rate limits: a request budget and a token budget per minute, each a bucket that refills
 * evenly, as large as a minute's budget or, enforced per second as OpenAI says it may be, a second's. Thread-safe.
 */
final class RateLimiter {

    private static final double NANOS_PER_MINUTE = Duration.ofMinutes(1).toNanos();

    private final SimulatedLlmConfig.Limits limits;
    private final double requestCapacity;
    private final double tokenCapacity;
    private double requests;
    private double tokens;
    private long updated = System.nanoTime();

    RateLimiter(SimulatedLlmConfig.Limits limits) {
        this.limits = limits;
        double share = limits.burstSeconds() == 0 ? 1.0 : limits.burstSeconds() / 60.0;
        this.requestCapacity = Math.max(1, limits.requestsPerMinute() * share);
        this.tokenCapacity = Math.max(1, limits.tokensPerMinute() * share);
        this.requests = requestCapacity;
        this.tokens = tokenCapacity;
    }

    /**
     * The verdict on a request that counts {@code requestTokens}: admitted (and taken from the budgets) or refused,
     * with what remains and when the budgets are full again.
     */
    synchronized Verdict admit(long requestTokens) {
        long now = System.nanoTime();
        double minutes = (now - updated) / NANOS_PER_MINUTE;
        updated = now;
        requests = Math.min(requestCapacity, requests + minutes * limits.requestsPerMinute());
        tokens = Math.min(tokenCapacity, tokens + minutes * limits.tokensPerMinute());
        boolean requestFits = limits.requestsPerMinute() == 0 || requests >= 1;
        boolean tokensFit = limits.tokensPerMinute() == 0 || tokens >= Math.min(requestTokens, tokenCapacity);
        boolean admitted = requestFits && tokensFit;
        if (admitted) {
            requests -= limits.requestsPerMinute() == 0 ? 0 : 1;
            tokens -= limits.tokensPerMinute() == 0 ? 0 : requestTokens;
        }
        Duration retryAfter = Duration.ZERO;
        if (!requestFits) {
            retryAfter = fill(1 - requests, limits.requestsPerMinute());
        }
        if (!tokensFit) {
            Duration forTokens = fill(Math.min(requestTokens, tokenCapacity) - tokens, limits.tokensPerMinute());
            retryAfter = forTokens.compareTo(retryAfter) > 0 ? forTokens : retryAfter;
        }
        return new Verdict(admitted, (long) Math.max(0, Math.floor(requests)), (long) Math.max(0, Math.floor(tokens)),
                fill(requestCapacity - requests, limits.requestsPerMinute()),
                fill(tokenCapacity - tokens, limits.tokensPerMinute()), retryAfter);
    }

    /** How long {@code amount} of a budget of {@code perMinute} takes to refill. */
    private static Duration fill(double amount, long perMinute) {
        if (perMinute == 0 || amount <= 0) {
            return Duration.ZERO;
        }
        return Duration.ofNanos((long) Math.ceil(amount / perMinute * NANOS_PER_MINUTE));
    }

    /** What the limiter decided, and what it announces. */
    record Verdict(boolean admitted, long remainingRequests, long remainingTokens, Duration resetRequests,
            Duration resetTokens, Duration retryAfter) {
    }
}
