package dev.seedloop.generator;

import dev.seedloop.embedding.EmbeddingConfig;
import dev.seedloop.llm.LlmSettings;
import dev.seedloop.runtime.config.ConfigException;
import dev.seedloop.runtime.config.ConfigKey;
import dev.seedloop.runtime.config.ConfigSource;
import dev.seedloop.runtime.config.HttpSettings;
import dev.seedloop.runtime.config.KafkaSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Typed configuration of generator-service, with the embedding model its candidates' vectors come from. */
public record GeneratorConfig(
        KafkaSettings kafka,
        HttpSettings http,
        LlmSettings llm,
        EmbeddingConfig embedding,
        GenerationMethod method,
        LanguageChoice language,
        int demonstrations,
        int machineDemonstrations,
        DemonstrationPool.Sampler demonstrationSampler,
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

    public static final ConfigKey<String> METHOD = ConfigKey.required("generator.method", "self-instruct",
            "How new instructions are made: " + GenerationMethods.all().stream()
                    .map(method -> method.name() + " (" + method.description() + ")")
                    .collect(Collectors.joining("; ")) + ".");
    public static final ConfigKey<LanguageChoice> LANGUAGE = ConfigKey.enumeration("generator.language",
            LanguageChoice.AUTO, LanguageChoice.class,
            "Language of the prompts: en, ko, or auto (the language of the pool text each prompt shows).");
    public static final ConfigKey<Integer> DEMONSTRATIONS = ConfigKey.integer("generator.demonstrations", 0, 0, 64,
            "In-context demonstrations per prompt; 0 uses the method's own (" + GenerationMethods.all().stream()
                    .filter(method -> method.demonstrations() > 0)
                    .map(method -> method.name() + ": " + method.demonstrations())
                    .collect(Collectors.joining(", ")) + ").");
    public static final ConfigKey<Double> MAX_COST = ConfigKey.decimal("generator.max-cost", 0.0, 0.0, 1e9,
            "Stop generating, gracefully, once LLM calls have cost this many USD (price table llm.prices); 0: no limit.");
    public static final ConfigKey<Integer> MACHINE_DEMONSTRATIONS = ConfigKey.integer(
            "generator.machine-demonstrations", 2, 0, 64, "How many of them are machine-generated, once the pool has "
                    + "that many (Self-Instruct: 2; Alpaca shows seed tasks only).");
    public static final ConfigKey<DemonstrationPool.Sampler> DEMONSTRATION_SAMPLER = ConfigKey.enumeration(
            "generator.demonstration-sampler", DemonstrationPool.Sampler.RANDOM, DemonstrationPool.Sampler.class,
            "How demonstrations are drawn: random (Self-Instruct), or spread (far by meaning from each other and from "
                    + "recent prompts, by the pool's vectors; needs embedding.provider).");
    /** Keys of earlier versions, and what to set instead. */
    public static final Map<String, String> RENAMED = Map.of(
            "generator.demos", "set generator.demonstrations",
            "generator.machine-demos", "set generator.machine-demonstrations");
    public static final ConfigKey<Long> MAX_REQUESTS = ConfigKey.longInteger("generator.max-requests", 0, 0,
            Long.MAX_VALUE, "Stop after this many LLM requests; 0 runs until stopped.");
    public static final ConfigKey<Long> MAX_BACKLOG = ConfigKey.longInteger("generator.max-backlog", 2000, 0,
            Long.MAX_VALUE, "Pause while the filter and responder have this many records waiting; 0 never pauses.");
    public static final ConfigKey<String> FILTER_APPLICATION_ID = ConfigKey.required(
            "generator.filter-application-id", "seedloop-filter",
            "Application id of filter-service, whose lag on the candidates counts as backlog.");
    public static final ConfigKey<String> RESPONDER_GROUP_ID = ConfigKey.required("generator.responder-group-id",
            "seedloop-responder", "Consumer group of the responder, whose lag counts as backlog.");
    public static final ConfigKey<Optional<String>> SEED = ConfigKey.optional("generator.seed",
            "Random seed for choosing demonstrations (reproducible prompts); empty for a random one.");
    public static final ConfigKey<Duration> POOL_WAIT = ConfigKey.duration("generator.pool-wait", "5m",
            "How long to wait at start for the pool to be read before failing.");

    public static List<ConfigKey<?>> keys() {
        List<ConfigKey<?>> keys = new ArrayList<>(KafkaSettings.keys());
        keys.addAll(HttpSettings.keys());
        keys.addAll(LlmSettings.keys(DEFAULT_TEMPERATURE, DEFAULT_MAX_TOKENS));
        keys.addAll(EmbeddingConfig.keys());
        keys.addAll(List.of(METHOD, LANGUAGE, DEMONSTRATIONS, MACHINE_DEMONSTRATIONS, DEMONSTRATION_SAMPLER,
                MAX_COST, MAX_REQUESTS, MAX_BACKLOG, FILTER_APPLICATION_ID,
                RESPONDER_GROUP_ID, SEED, POOL_WAIT));
        return keys;
    }

    public static GeneratorConfig from(ConfigSource source) {
        source.rejectRenamed(RENAMED);
        source.rejectUnknown(keys());
        GenerationMethod method = GenerationMethods.named(source.get(METHOD));
        int demonstrations = source.get(DEMONSTRATIONS) == 0 ? Math.max(1, method.demonstrations())
                : source.get(DEMONSTRATIONS);
        int machineDemonstrations = Math.min(source.get(MACHINE_DEMONSTRATIONS), demonstrations);
        if (source.get(MACHINE_DEMONSTRATIONS) > demonstrations && source.get(DEMONSTRATIONS) > 0) {
            throw new ConfigException("generator.machine-demonstrations (" + source.get(MACHINE_DEMONSTRATIONS)
                    + ") must not exceed generator.demonstrations (" + demonstrations + ")");
        }
        Optional<Long> seed = source.get(SEED).map(raw -> {
            try {
                return Long.parseLong(raw);
            } catch (NumberFormatException e) {
                throw new ConfigException("invalid value for generator.seed: '" + raw
                        + "' is not an integer");
            }
        });
        EmbeddingConfig embedding = EmbeddingConfig.from(source);
        if (source.get(DEMONSTRATION_SAMPLER) == DemonstrationPool.Sampler.SPREAD && embedding.modelName().isEmpty()) {
            throw new ConfigException("generator.demonstration-sampler=spread reads the pool's vectors: set "
                    + "embedding.provider (in-process, or remote with embedding.model)");
        }
        return new GeneratorConfig(KafkaSettings.from(source), HttpSettings.from(source),
                LlmSettings.from(source, DEFAULT_TEMPERATURE, DEFAULT_MAX_TOKENS).requireUsable(),
                embedding, method,
                source.get(LANGUAGE), demonstrations, machineDemonstrations, source.get(DEMONSTRATION_SAMPLER),
                source.get(MAX_REQUESTS), source.get(MAX_BACKLOG), source.get(FILTER_APPLICATION_ID),
                source.get(RESPONDER_GROUP_ID), seed, source.get(POOL_WAIT), source.get(MAX_COST));
    }
}
