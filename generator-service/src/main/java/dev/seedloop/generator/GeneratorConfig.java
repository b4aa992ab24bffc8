package dev.seedloop.generator;

import dev.seedloop.runtime.config.ConfigKey;
import dev.seedloop.runtime.config.ConfigSource;
import dev.seedloop.runtime.config.HttpSettings;
import dev.seedloop.runtime.config.KafkaSettings;
import dev.seedloop.runtime.config.LlmSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Typed configuration of generator-service. */
public record GeneratorConfig(
        KafkaSettings kafka,
        HttpSettings http,
        LlmSettings llm,
        int demos,
        int machineDemos,
        long maxRequests,
        long maxBacklog,
        String filterApplicationId,
        String responderGroupId,
        Optional<Long> seed,
        Duration poolWait) {

    /** Self-Instruct samples at temperature 0.7. */
    static final double DEFAULT_TEMPERATURE = 0.7;
    static final int DEFAULT_MAX_TOKENS = 1024;

    public static final ConfigKey<Integer> DEMOS = ConfigKey.integer("generator.demos", 8, 1, 64,
            "In-context demonstrations per prompt (Self-Instruct: 8).");
    public static final ConfigKey<Integer> MACHINE_DEMOS = ConfigKey.integer("generator.machine-demos", 2, 0, 64,
            "How many of them are machine-generated, once the pool has that many (Self-Instruct: 2).");
    public static final ConfigKey<Long> MAX_REQUESTS = ConfigKey.longInteger("generator.max-requests", 0, 0,
            Long.MAX_VALUE, "Stop after this many LLM requests; 0 runs until stopped.");
    public static final ConfigKey<Long> MAX_BACKLOG = ConfigKey.longInteger("generator.max-backlog", 2000, 0,
            Long.MAX_VALUE, "Pause while the filter and output stage have this many records waiting; 0 never pauses.");
    public static final ConfigKey<String> FILTER_APPLICATION_ID = ConfigKey.required(
            "generator.filter-application-id", "seedloop-filter",
            "Application id of filter-service, whose lag on the candidates counts as backlog.");
    public static final ConfigKey<String> RESPONDER_GROUP_ID = ConfigKey.required("generator.responder-group-id",
            "seedloop-responder", "Consumer group of the output stage, whose lag counts as backlog.");
    public static final ConfigKey<Optional<String>> SEED = ConfigKey.optional("generator.seed",
            "Random seed for choosing demonstrations (reproducible prompts); empty for a random one.");
    public static final ConfigKey<Duration> POOL_WAIT = ConfigKey.duration("generator.pool-wait", "5m",
            "How long to wait at start for the pool to be read before failing.");

    public static List<ConfigKey<?>> keys() {
        List<ConfigKey<?>> keys = new ArrayList<>(KafkaSettings.keys());
        keys.addAll(HttpSettings.keys());
        keys.addAll(LlmSettings.keys(DEFAULT_TEMPERATURE, DEFAULT_MAX_TOKENS));
        keys.addAll(List.of(DEMOS, MACHINE_DEMOS, MAX_REQUESTS, MAX_BACKLOG, FILTER_APPLICATION_ID,
                RESPONDER_GROUP_ID, SEED, POOL_WAIT));
        return keys;
    }

    public static GeneratorConfig from(ConfigSource source) {
        source.rejectUnknown(keys());
        int demos = source.get(DEMOS);
        int machineDemos = source.get(MACHINE_DEMOS);
        if (machineDemos > demos) {
            throw new dev.seedloop.runtime.config.ConfigException("generator.machine-demos (" + machineDemos
                    + ") must not exceed generator.demos (" + demos + ")");
        }
        Optional<Long> seed = source.get(SEED).map(raw -> {
            try {
                return Long.parseLong(raw);
            } catch (NumberFormatException e) {
                throw new dev.seedloop.runtime.config.ConfigException("invalid value for generator.seed: '" + raw
                        + "' is not an integer");
            }
        });
        return new GeneratorConfig(KafkaSettings.from(source), HttpSettings.from(source),
                LlmSettings.from(source, DEFAULT_TEMPERATURE, DEFAULT_MAX_TOKENS).requireUsable(), demos,
                machineDemos, source.get(MAX_REQUESTS), source.get(MAX_BACKLOG), source.get(FILTER_APPLICATION_ID),
                source.get(RESPONDER_GROUP_ID), seed, source.get(POOL_WAIT));
    }
}
