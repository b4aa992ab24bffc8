package dev.seedloop.runtime.config;

import dev.seedloop.schemas.TopicRegistry;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * How a service reaches Kafka: bootstrap servers, the topic prefix, topic creation and extra client settings
 * (security: SASL, SSL) from a properties file.
 */
public record KafkaSettings(
        String bootstrapServers,
        String topicPrefix,
        boolean createTopics,
        short replicationFactor,
        int minInSyncReplicas,
        Map<String, String> clientProperties,
        Optional<String> groupInstanceId) {

    public static final ConfigKey<String> BOOTSTRAP_SERVERS = ConfigKey.required("kafka.bootstrap-servers",
            "localhost:9092", "Kafka bootstrap servers, host:port[,host:port].")
            .withEnvAliases("KAFKA_BOOTSTRAP_SERVERS");
    public static final ConfigKey<String> TOPIC_PREFIX = ConfigKey.required("kafka.topic-prefix",
            TopicRegistry.DEFAULT_PREFIX, "Prefix of every topic name; several loops can share a cluster.");
    public static final ConfigKey<Boolean> CREATE_TOPICS = ConfigKey.bool("kafka.create-topics", true,
            "Create missing topics from the registry at start (off when topics are managed elsewhere).");
    public static final ConfigKey<Integer> REPLICATION_FACTOR = ConfigKey.integer("kafka.replication-factor", -1,
            -1, Short.MAX_VALUE, "Replication factor for created topics and internal topics; -1 = broker default.");
    public static final ConfigKey<Integer> MIN_INSYNC_REPLICAS = ConfigKey.integer("kafka.min-insync-replicas", -1,
            -1, Short.MAX_VALUE, "min.insync.replicas of created topics and internal topics: replicas that must have "
            + "a record before a write (acks=all, as every stage writes) succeeds; -1 = broker default. With a "
            + "replication factor of 3, 2 keeps writing through the loss of one broker and loses nothing.");
    public static final ConfigKey<Optional<Path>> CLIENT_CONFIG_FILE = ConfigKey.optionalPath(
            "kafka.client-config-file",
            "Properties file of extra Kafka client settings (security.protocol, sasl.*, ssl.*), applied to every "
            + "client.");

    public static final ConfigKey<Optional<String>> GROUP_INSTANCE_ID = ConfigKey.optional("kafka.group-instance-id",
            "Static group membership: this process's id in each consumer group it joins. A member restarted after a "
            + "crash takes its partitions back at once instead of after session.timeout.ms. Unique per process "
            + "(in Kubernetes, the pod name); unset, members are dynamic.");

    public KafkaSettings {
        clientProperties = Map.copyOf(clientProperties);
        if (replicationFactor == 0) {
            throw new ConfigException("kafka.replication-factor must be -1 or at least 1");
        }
        if (minInSyncReplicas == 0) {
            throw new ConfigException("kafka.min-insync-replicas must be -1 or at least 1");
        }
        if (replicationFactor > 0 && minInSyncReplicas > replicationFactor) {
            throw new ConfigException("kafka.min-insync-replicas is " + minInSyncReplicas + " but "
                    + "kafka.replication-factor is " + replicationFactor + ": no write could ever succeed; set "
                    + "kafka.min-insync-replicas to at most " + replicationFactor + " (" + Math.max(1,
                    replicationFactor - 1) + " keeps writing through the loss of a broker)");
        }
    }

    public static List<ConfigKey<?>> keys() {
        return List.of(BOOTSTRAP_SERVERS, TOPIC_PREFIX, CREATE_TOPICS, REPLICATION_FACTOR, MIN_INSYNC_REPLICAS,
                CLIENT_CONFIG_FILE,
                GROUP_INSTANCE_ID);
    }

    public static KafkaSettings from(ConfigSource source) {
        Map<String, String> extra = source.get(CLIENT_CONFIG_FILE).map(KafkaSettings::readClientProperties)
                .orElse(Map.of());
        int replication = source.get(REPLICATION_FACTOR);
        if (replication == 0) {
            throw new ConfigException("invalid value for kafka.replication-factor: must be -1 or at least 1");
        }
        int minInSync = source.get(MIN_INSYNC_REPLICAS);
        if (minInSync == 0) {
            throw new ConfigException("invalid value for kafka.min-insync-replicas: must be -1 or at least 1");
        }
        return new KafkaSettings(source.get(BOOTSTRAP_SERVERS), source.get(TOPIC_PREFIX), source.get(CREATE_TOPICS),
                (short) replication, minInSync, extra, source.get(GROUP_INSTANCE_ID));
    }

    /** Settings for a broker at {@code bootstrapServers} with every other value at its default. */
    public static KafkaSettings forBootstrap(String bootstrapServers) {
        return new KafkaSettings(bootstrapServers, TopicRegistry.DEFAULT_PREFIX, true, (short) -1, -1,
                Map.of(), Optional.empty());
    }

    /** Topic configuration that replication adds to every topic created: min.insync.replicas when it is set. */
    public Map<String, String> replicationConfigs() {
        return minInSyncReplicas < 0 ? Map.of() : Map.of("min.insync.replicas", Integer.toString(minInSyncReplicas));
    }

    public TopicRegistry topics() {
        return TopicRegistry.withPrefix(topicPrefix);
    }

    /** Bootstrap servers plus the extra client properties: the base of every client's config. */
    public Map<String, Object> commonClientConfig() {
        Map<String, Object> config = new LinkedHashMap<>(clientProperties);
        config.put("bootstrap.servers", bootstrapServers);
        return config;
    }

    /** The settings with every secret client property (passwords, JAAS config, keys) masked. */
    @Override
    public String toString() {
        Map<String, String> shown = new LinkedHashMap<>();
        clientProperties.forEach((name, value) -> shown.put(name, secret(name) ? "<secret>" : value));
        return "KafkaSettings[bootstrapServers=" + bootstrapServers + ", topicPrefix=" + topicPrefix
                + ", createTopics=" + createTopics + ", replicationFactor=" + replicationFactor
                + ", minInSyncReplicas=" + minInSyncReplicas
                + ", clientProperties=" + shown + groupInstanceId.map(id -> ", groupInstanceId=" + id).orElse("")
                + "]";
    }

    /** Whether a Kafka client property holds a credential. */
    public static boolean secret(String name) {
        String lower = name.toLowerCase(java.util.Locale.ROOT);
        return lower.contains("password") || lower.contains("jaas") || lower.contains("secret")
                || lower.endsWith(".key") || lower.contains("user.info") || lower.contains("token");
    }

    private static Map<String, String> readClientProperties(Path path) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new ConfigException("cannot read kafka.client-config-file " + path + ": " + e.getMessage(), e);
        }
        Map<String, String> values = new LinkedHashMap<>();
        properties.stringPropertyNames().forEach(name -> values.put(name, properties.getProperty(name)));
        return values;
    }
}
