package dev.seedloop.responder;

import dev.seedloop.llm.LlmSettings;
import dev.seedloop.runtime.config.ConfigKey;
import dev.seedloop.runtime.config.ConfigSource;
import dev.seedloop.runtime.config.HttpSettings;
import dev.seedloop.runtime.config.KafkaSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Typed configuration of the responder. */
public record ResponderConfig(
        KafkaSettings kafka,
        HttpSettings http,
        LlmSettings llm,
        String groupId,
        String transactionalId,
        int maxInstances,
        boolean classify,
        boolean qualityJudge,
        double confirmDuplicatesFrom) {

    /** Self-Instruct generates instances at temperature 0. */
    static final double DEFAULT_TEMPERATURE = 0.0;
    static final int DEFAULT_MAX_TOKENS = 350;

    public static final ConfigKey<String> GROUP_ID = ConfigKey.required("responder.group-id", "seedloop-responder",
            "Consumer group of the responder (instances of one stage share it).");
    public static final ConfigKey<String> TRANSACTIONAL_ID = ConfigKey.string("responder.transactional-id", "",
            "Transactional id of this instance; empty derives one from HOSTNAME (a pod name) or a random id.");
    public static final ConfigKey<Integer> MAX_INSTANCES = ConfigKey.integer("responder.max-instances", 5, 1, 100,
            "Instances asked for per instruction: the input-first prompt stops at 'Example <n+1>' (Self-Instruct: 5).");
    public static final ConfigKey<Boolean> CLASSIFY = ConfigKey.bool("responder.classify", true,
            "Ask 'Is it classification?' first and write classification tasks output-first (Self-Instruct); false: input-first only.");
    public static final ConfigKey<Boolean> QUALITY_JUDGE = ConfigKey.bool("responder.quality-judge.enabled", false,
            "Have the model rate every instance 0-5 (AlpaGasus); the filter's low-quality rule rejects examples below its min-score.");

    public static final ConfigKey<Double> CONFIRM_DUPLICATES_FROM = ConfigKey.decimal(
            "responder.confirm-duplicates-from", 0.0, 0.0, 1.0, "Ask the model, at temperature 0, whether an accepted "
                    + "instruction whose cosine to its nearest pool instruction is at least this (below the filter's "
                    + "semantic-duplicate threshold: the grey zone) is the same task; if so it is rejected as a "
                    + "semantic-duplicate. 0 asks nothing.");

    public static List<ConfigKey<?>> keys() {
        List<ConfigKey<?>> keys = new ArrayList<>(KafkaSettings.keys());
        keys.addAll(HttpSettings.keys());
        keys.addAll(LlmSettings.keys(DEFAULT_TEMPERATURE, DEFAULT_MAX_TOKENS));
        keys.addAll(List.of(GROUP_ID, TRANSACTIONAL_ID, MAX_INSTANCES, CLASSIFY, QUALITY_JUDGE,
                CONFIRM_DUPLICATES_FROM));
        return keys;
    }

    public static ResponderConfig from(ConfigSource source) {
        source.rejectUnknown(keys());
        String transactionalId = source.get(TRANSACTIONAL_ID);
        if (transactionalId.isEmpty()) {
            String host = System.getenv("HOSTNAME");
            transactionalId = source.get(GROUP_ID) + "-" + (host == null || host.isBlank()
                    ? UUID.randomUUID().toString() : host);
        }
        return new ResponderConfig(KafkaSettings.from(source), HttpSettings.from(source),
                LlmSettings.from(source, DEFAULT_TEMPERATURE, DEFAULT_MAX_TOKENS).requireUsable(),
                source.get(GROUP_ID), transactionalId, source.get(MAX_INSTANCES), source.get(CLASSIFY),
                source.get(QUALITY_JUDGE), source.get(CONFIRM_DUPLICATES_FROM));
    }
}
