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
        double nearDuplicateShare,
        double junkShare,
        double badOutputShare,
        double truncatedShare) {

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
    public static final ConfigKey<Double> NEAR_DUPLICATE_SHARE = ConfigKey.decimal(
            "simulator.near-duplicate-share", 0.15, 0.0, 1.0,
            "Share of generated tasks that are light rewordings or copies of a task in the prompt.");
    public static final ConfigKey<Double> JUNK_SHARE = ConfigKey.decimal("simulator.junk-share", 0.12, 0.0, 1.0,
            "Share of generated tasks that break a Self-Instruct rule (too short, too long, blacklisted words, ...).");
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
        return List.of(PORT, SEED, LATENCY, LATENCY_JITTER, NEAR_DUPLICATE_SHARE, JUNK_SHARE, BAD_OUTPUT_SHARE,
                TRUNCATED_SHARE);
    }

    public static SimulatedLlmConfig from(ConfigSource source) {
        return new SimulatedLlmConfig(source.get(PORT), source.get(SEED), source.get(LATENCY),
                source.get(LATENCY_JITTER), source.get(NEAR_DUPLICATE_SHARE), source.get(JUNK_SHARE),
                source.get(BAD_OUTPUT_SHARE), source.get(TRUNCATED_SHARE));
    }

    /** Every setting at its default. */
    public static SimulatedLlmConfig defaults() {
        return from(ConfigSource.ofValues(java.util.Map.of()));
    }

    public SimulatedLlmConfig withLatency(Duration newLatency) {
        return new SimulatedLlmConfig(port, seed, newLatency, latencyJitter, nearDuplicateShare, junkShare,
                badOutputShare, truncatedShare);
    }
}
