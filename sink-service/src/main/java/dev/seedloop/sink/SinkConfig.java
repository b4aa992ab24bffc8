package dev.seedloop.sink;

import dev.seedloop.runtime.config.ConfigKey;
import dev.seedloop.runtime.config.ConfigSource;
import dev.seedloop.runtime.config.HttpSettings;
import dev.seedloop.runtime.config.KafkaSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Typed configuration of sink-service. */
public record SinkConfig(
        KafkaSettings kafka,
        HttpSettings http,
        String applicationId,
        Path stateDir,
        Optional<Path> jsonlPath) {

    public static final ConfigKey<String> APPLICATION_ID = ConfigKey.required("sink.application-id",
            "seedloop-sink", "Kafka Streams application id of the sink.");
    public static final ConfigKey<Path> STATE_DIR = ConfigKey.path("sink.state-dir",
            System.getProperty("java.io.tmpdir") + "/seedloop/sink-state", "Kafka Streams state directory.");
    public static final ConfigKey<Optional<Path>> JSONL_PATH = ConfigKey.optionalPath("sink.jsonl-path",
            "A JSON lines file kept equal to the pool's machine-written entries (each once; replay promotions"
                    + " included); empty for none.");

    public static List<ConfigKey<?>> keys() {
        List<ConfigKey<?>> keys = new ArrayList<>(KafkaSettings.keys());
        keys.addAll(HttpSettings.keys());
        keys.addAll(List.of(APPLICATION_ID, STATE_DIR, JSONL_PATH));
        return keys;
    }

    public static SinkConfig from(ConfigSource source) {
        source.rejectUnknown(keys());
        return new SinkConfig(KafkaSettings.from(source), HttpSettings.from(source), source.get(APPLICATION_ID),
                source.get(STATE_DIR), source.get(JSONL_PATH));
    }
}
