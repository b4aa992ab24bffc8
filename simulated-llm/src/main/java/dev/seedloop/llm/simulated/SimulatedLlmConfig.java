package dev.seedloop.llm.simulated;

import dev.seedloop.runtime.config.ConfigException;
import dev.seedloop.runtime.config.ConfigKey;
import dev.seedloop.runtime.config.ConfigSource;
import java.time.Duration;
import java.util.List;

/**
 * How the simulated LLM behaves: where it listens (always loopback), how long it takes, and what share of its
 * answers are near-duplicates, junk, bad outputs or cut off, so that every filter has real work.
 */
public record SimulatedLlmConfig(
        int port,
        long seed,
        Duration latency,
        double latencyJitter,
        LatencyDistribution latencyDistribution,
        double nearDuplicateShare,
        double junkShare,
        double badOutputShare,
        double truncatedShare,
        List<String> models,
        Faults faults,
        Limits limits) {

    /** How answer times spread around the mean latency. */
    public enum LatencyDistribution {
        /** Uniform within mean x (1 +- jitter). */
        UNIFORM,
        /** Exponential with the mean: most answers quick, a long tail. */
        EXPONENTIAL
    }

    /**
     * Failures the simulated server injects, each as a share of requests (or, for rate-limit bursts, periods when
     * every request is refused), so that a client's handling of them can be tested.
     *
     * @param retryAfter       what a 429 asks the client to wait
     * @param burstEvery       time between the starts of two rate-limit bursts (zero: no bursts)
     * @param burstLength      how long a burst lasts
     * @param hang             how long a hanging request is held before the connection is closed
     */
    public record Faults(double rateLimitShare, Duration retryAfter, Duration burstEvery, Duration burstLength,
            double serverErrorShare, double hangShare, Duration hang, double malformedShare, double resetShare) {

        public static Faults none() {
            return new Faults(0, Duration.ofSeconds(1), Duration.ZERO, Duration.ZERO, 0, 0, Duration.ofMinutes(5), 0,
                    0);
        }

        public boolean any() {
            return rateLimitShare > 0 || !burstEvery.isZero() || serverErrorShare > 0 || hangShare > 0
                    || malformedShare > 0 || resetShare > 0;
        }
    }

    /**
     * The rate limits the simulated server enforces, as a hosted model's do: budgets per minute that refill evenly
     * (token buckets as large as a minute's budget), a 429 with Retry-After when a request does not fit, and, unless
     * hidden, the {@code x-ratelimit-*} headers OpenAI sends with every answer.
     *
     * @param requestsPerMinute 0: no request limit
     * @param tokensPerMinute   0: no token limit (a request counts its prompt estimate and its max_tokens)
     * @param headers           announce the limits and what remains in every answer's headers
     * @param burstSeconds      how many seconds' worth of the budget may be spent at once (0: a whole minute's);
     *                          OpenAI says a limit may be enforced per second ("quantized"), which is 1
     */
    public record Limits(long requestsPerMinute, long tokensPerMinute, boolean headers, int burstSeconds) {

        public Limits(long requestsPerMinute, long tokensPerMinute, boolean headers) {
            this(requestsPerMinute, tokensPerMinute, headers, 0);
        }

        public static Limits none() {
            return new Limits(0, 0, true);
        }

        public boolean any() {
            return requestsPerMinute > 0 || tokensPerMinute > 0;
        }
    }

    /** The model id the simulator reports: every record it produced says where it came from. */
    public static final String MODEL = "seedloop-simulated-llm";

    public static final ConfigKey<Integer> PORT = ConfigKey.integer("simulator.port", 0, 0, 65535,
            "Loopback port of the simulated LLM; 0 picks a free one.");
    public static final ConfigKey<Long> SEED = ConfigKey.longInteger("simulator.seed", 7, Long.MIN_VALUE,
            Long.MAX_VALUE, "Random seed of the simulated answers.");
    public static final ConfigKey<Duration> LATENCY = ConfigKey.duration("simulator.latency", "40ms",
            "Mean time the simulated LLM takes to answer.");
    public static final ConfigKey<Double> LATENCY_JITTER = ConfigKey.decimal("simulator.latency-jitter", 0.5, 0.0,
            1.0, "Each answer takes latency x (1 +- jitter), uniformly.");
    public static final ConfigKey<LatencyDistribution> LATENCY_DISTRIBUTION = ConfigKey.enumeration(
            "simulator.latency-distribution", LatencyDistribution.UNIFORM, LatencyDistribution.class,
            "uniform (mean x (1 +- jitter)) or exponential (a long tail).");
    public static final ConfigKey<Double> RATE_LIMIT_SHARE = ConfigKey.decimal("simulator.rate-limit-share", 0.0, 0.0,
            1.0, "Share of requests answered 429 with a Retry-After header.");
    public static final ConfigKey<Duration> RETRY_AFTER = ConfigKey.duration("simulator.retry-after", "1s",
            "The wait a 429 asks for (Retry-After and retry-after-ms headers).");
    public static final ConfigKey<Duration> BURST_EVERY = ConfigKey.duration("simulator.rate-limit-burst-every", "0s",
            "Start a burst of 429s this often (0: never); during a burst every request is refused.");
    public static final ConfigKey<Duration> BURST_LENGTH = ConfigKey.duration("simulator.rate-limit-burst-length",
            "2s", "How long a burst of 429s lasts.");
    public static final ConfigKey<Double> SERVER_ERROR_SHARE = ConfigKey.decimal("simulator.server-error-share", 0.0,
            0.0, 1.0, "Share of requests answered 500.");
    public static final ConfigKey<Double> HANG_SHARE = ConfigKey.decimal("simulator.hang-share", 0.0, 0.0, 1.0,
            "Share of requests never answered (the client times out).");
    public static final ConfigKey<Duration> HANG = ConfigKey.duration("simulator.hang", "5m",
            "How long a hanging request is held before its connection is closed.");
    public static final ConfigKey<Double> MALFORMED_SHARE = ConfigKey.decimal("simulator.malformed-share", 0.0, 0.0,
            1.0, "Share of requests answered 200 with a body that is not JSON.");
    public static final ConfigKey<Double> RESET_SHARE = ConfigKey.decimal("simulator.reset-share", 0.0, 0.0, 1.0,
            "Share of requests whose connection is closed without an answer.");
    public static final ConfigKey<List<String>> MODELS = ConfigKey.list("simulator.models", "",
            "Model names the simulator accepts (others get a 404, as from a real server); empty accepts any.");
    public static final ConfigKey<Long> REQUESTS_PER_MINUTE = ConfigKey.longInteger("simulator.requests-per-minute",
            0, 0, Long.MAX_VALUE, "Requests a minute the simulated server allows (a 429 beyond); 0: no limit.");
    public static final ConfigKey<Long> TOKENS_PER_MINUTE = ConfigKey.longInteger("simulator.tokens-per-minute", 0, 0,
            Long.MAX_VALUE, "Tokens a minute it allows (prompt estimate plus max_tokens per request); 0: no limit.");
    public static final ConfigKey<Boolean> RATE_LIMIT_HEADERS = ConfigKey.bool("simulator.rate-limit-headers", true,
            "Announce the limits in x-ratelimit-* headers, as OpenAI does; false hides them.");
    public static final ConfigKey<Integer> RATE_LIMIT_BURST = ConfigKey.integer("simulator.rate-limit-burst-seconds",
            0, 0, 60, "Seconds' worth of the budgets that may be spent at once; 0 a whole minute's, 1 enforces "
                    + "the limits per second as OpenAI says it may.");
    public static final ConfigKey<Double> NEAR_DUPLICATE_SHARE = ConfigKey.decimal(
            "simulator.near-duplicate-share", 0.15, 0.0, 1.0,
            "Share of generated instructions that reword (swap the verb of) or copy one in the prompt.");
    public static final ConfigKey<Double> JUNK_SHARE = ConfigKey.decimal("simulator.junk-share", 0.12, 0.0, 1.0,
            "Share of generated instructions that break an instruction rule (too short, too long, a blacklisted word, "
                    + "'Write a program', an attachment, leading punctuation, a benchmark question).");
    public static final ConfigKey<Double> BAD_OUTPUT_SHARE = ConfigKey.decimal("simulator.bad-output-share", 0.08,
            0.0, 1.0, "Share of instances with an empty output, output equal to input, or a trailing colon.");
    public static final ConfigKey<Double> TRUNCATED_SHARE = ConfigKey.decimal("simulator.truncated-share", 0.1,
            0.0, 1.0, "Share of task lists cut off mid-item with finish_reason=length.");

    public SimulatedLlmConfig {
        if (nearDuplicateShare + junkShare > 1.0) {
            throw new ConfigException("simulator.near-duplicate-share + simulator.junk-share must not exceed 1");
        }
    }

    public static List<ConfigKey<?>> keys() {
        return List.of(PORT, SEED, LATENCY, LATENCY_JITTER, LATENCY_DISTRIBUTION, NEAR_DUPLICATE_SHARE, JUNK_SHARE,
                BAD_OUTPUT_SHARE, TRUNCATED_SHARE, MODELS, RATE_LIMIT_SHARE, RETRY_AFTER, BURST_EVERY, BURST_LENGTH,
                SERVER_ERROR_SHARE, HANG_SHARE, HANG, MALFORMED_SHARE, RESET_SHARE, REQUESTS_PER_MINUTE,
                TOKENS_PER_MINUTE, RATE_LIMIT_HEADERS, RATE_LIMIT_BURST);
    }

    public static SimulatedLlmConfig from(ConfigSource source) {
        Faults faults = new Faults(source.get(RATE_LIMIT_SHARE), source.get(RETRY_AFTER), source.get(BURST_EVERY),
                source.get(BURST_LENGTH), source.get(SERVER_ERROR_SHARE), source.get(HANG_SHARE), source.get(HANG),
                source.get(MALFORMED_SHARE), source.get(RESET_SHARE));
        return new SimulatedLlmConfig(source.get(PORT), source.get(SEED), source.get(LATENCY),
                source.get(LATENCY_JITTER), source.get(LATENCY_DISTRIBUTION), source.get(NEAR_DUPLICATE_SHARE),
                source.get(JUNK_SHARE), source.get(BAD_OUTPUT_SHARE), source.get(TRUNCATED_SHARE), source.get(MODELS),
                faults, new Limits(source.get(REQUESTS_PER_MINUTE), source.get(TOKENS_PER_MINUTE),
                        source.get(RATE_LIMIT_HEADERS), source.get(RATE_LIMIT_BURST)));
    }

    /** Every setting at its default. */
    public static SimulatedLlmConfig defaults() {
        return from(ConfigSource.ofValues(java.util.Map.of()));
    }

    public SimulatedLlmConfig withSeed(long newSeed) {
        return new SimulatedLlmConfig(port, newSeed, latency, latencyJitter, latencyDistribution, nearDuplicateShare,
                junkShare, badOutputShare, truncatedShare, models, faults, limits);
    }

    public SimulatedLlmConfig withLatency(Duration newLatency) {
        return new SimulatedLlmConfig(port, seed, newLatency, latencyJitter, latencyDistribution, nearDuplicateShare,
                junkShare, badOutputShare, truncatedShare, models, faults, limits);
    }

    public SimulatedLlmConfig withModels(List<String> newModels) {
        return new SimulatedLlmConfig(port, seed, latency, latencyJitter, latencyDistribution, nearDuplicateShare,
                junkShare, badOutputShare, truncatedShare, newModels, faults, limits);
    }

    public SimulatedLlmConfig withFaults(Faults newFaults) {
        return new SimulatedLlmConfig(port, seed, latency, latencyJitter, latencyDistribution, nearDuplicateShare,
                junkShare, badOutputShare, truncatedShare, models, newFaults, limits);
    }

    public SimulatedLlmConfig withLimits(Limits newLimits) {
        return new SimulatedLlmConfig(port, seed, latency, latencyJitter, latencyDistribution, nearDuplicateShare,
                junkShare, badOutputShare, truncatedShare, models, faults, newLimits);
    }
}
