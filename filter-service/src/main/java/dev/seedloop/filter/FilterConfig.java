package dev.seedloop.filter;

import dev.seedloop.filter.shard.ShardSettings;
import dev.seedloop.runtime.config.ConfigKey;
import dev.seedloop.runtime.config.ConfigSource;
import dev.seedloop.runtime.config.HttpSettings;
import dev.seedloop.runtime.config.KafkaSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Typed configuration of filter-service: Kafka, the Streams application, and the rules, whose keys (each rule's
 * {@code filter.<name>.enabled} and settings, and {@code filter.preset}) come from the rule registry.
 */
public record FilterConfig(
        KafkaSettings kafka,
        HttpSettings http,
        String applicationId,
        Path stateDir,
        int standbyReplicas,
        ShardSettings sharding,
        FilterRules rules) {

    public static final ConfigKey<String> APPLICATION_ID = ConfigKey.required("filter.application-id",
            "seedloop-filter", "Kafka Streams application id: consumer group and internal topic prefix.");
    public static final ConfigKey<Path> STATE_DIR = ConfigKey.path("filter.state-dir",
            System.getProperty("java.io.tmpdir") + "/seedloop/filter-state",
            "Directory of the RocksDB state stores (a persistent volume in Kubernetes).");
    public static final ConfigKey<Integer> STANDBY_REPLICAS = ConfigKey.integer("filter.standby-replicas", 0, 0, 10,
            "Warm copies of the judge's store on other instances, for fail-over within seconds (one instance judges).");

    public static List<ConfigKey<?>> keys() {
        List<ConfigKey<?>> keys = new ArrayList<>(KafkaSettings.keys());
        keys.addAll(HttpSettings.keys());
        keys.addAll(List.of(APPLICATION_ID, STATE_DIR, STANDBY_REPLICAS));
        keys.addAll(ShardSettings.keys());
        keys.addAll(FilterRules.keys());
        return keys;
    }

    public static FilterConfig from(ConfigSource source) {
        source.rejectUnknown(keys());
        return new FilterConfig(KafkaSettings.from(source), HttpSettings.from(source), source.get(APPLICATION_ID),
                source.get(STATE_DIR), source.get(STANDBY_REPLICAS), ShardSettings.from(source), FilterRules.from(source));
    }
}
