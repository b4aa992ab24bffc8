package dev.seedloop.generator;

import dev.seedloop.llm.LlmSettings;
import dev.seedloop.runtime.config.ConfigKey;
import dev.seedloop.runtime.config.ConfigSource;
import dev.seedloop.runtime.config.HttpSettings;
import dev.seedloop.runtime.config.KafkaSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Typed configuration of generator-service. */
public record GeneratorConfig(
        KafkaSettings kafka,
        HttpSettings http,
        LlmSettings llm,
        Method method,
        LanguageChoice language,
        int demos,
        int machineDemos,
        long maxRequests,
        long maxBacklog,
        String filterApplicationId,
        String responderGroupId,
        Optional<Long> seed,
        Duration poolWait,
        double maxCost) {

    /** Self-Instruct samples at temperature 0.7. */
    static final double DEFAULT_TEMPERATURE = 0.7;
    static final int DEFAULT_MAX_TOKENS = 1024;

    public static final ConfigKey<Method> METHOD = ConfigKey.enumeration("generator.method", Method.SELF_INSTRUCT,
            Method.class, "How new instructions are made: self-instruct, self-instruct-classification, alpaca or evol-instruct.");
    public static final ConfigKey<LanguageChoice> LANGUAGE = ConfigKey.enumeration("generator.language",
            LanguageChoice.AUTO, LanguageChoice.class,
            "Language of the prompts: en, ko, or auto (the language of the pool text each prompt shows).");
    public static final ConfigKey<Integer> DEMOS = ConfigKey.integer("generator.demos", 0, 0, 64,
            "In-context demonstrations per prompt; 0 uses the method's own (Self-Instruct: 8, Alpaca: 3).");
    public static final ConfigKey<Double> MAX_COST = ConfigKey.decimal("generator.max-cost", 0.0, 0.0, 1e9,
            "Stop generating, gracefully, once LLM calls have cost this many USD (price table llm.prices); 0: no limit.");
    public static final ConfigKey<Integer> MACHINE_DEMOS = ConfigKey.integer("generator.machine-demos", 2, 0, 64,
            "How many of them are machine-generated, once the pool has that many (Self-Instruct: 2; Alpaca shows seed tasks only).");
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
        keys.addAll(List.of(METHOD, LANGUAGE, DEMOS, MACHINE_DEMOS, MAX_COST, MAX_REQUESTS, MAX_BACKLOG, FILTER_APPLICATION_ID,
                RESPONDER_GROUP_ID, SEED, POOL_WAIT));
        return keys;
    }

    public static GeneratorConfig from(ConfigSource source) {
        source.rejectUnknown(keys());
        Method method = source.get(METHOD);
        int demos = source.get(DEMOS) == 0 ? (method == Method.ALPACA ? 3 : 8) : source.get(DEMOS);
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
                LlmSettings.from(source, DEFAULT_TEMPERATURE, DEFAULT_MAX_TOKENS).requireUsable(), method,
                source.get(LANGUAGE), demos,
                machineDemos, source.get(MAX_REQUESTS), source.get(MAX_BACKLOG), source.get(FILTER_APPLICATION_ID),
                source.get(RESPONDER_GROUP_ID), seed, source.get(POOL_WAIT), source.get(MAX_COST));
    }
}
