package dev.seedloop.runtime.kafka;

import dev.seedloop.runtime.config.KafkaSettings;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/** Client configurations for one cluster: the settings every service shares, in one place. */
public final class KafkaClients {

    private final KafkaSettings settings;

    public KafkaClients(KafkaSettings settings) {
        this.settings = settings;
    }

    public KafkaSettings settings() {
        return settings;
    }

    public Map<String, Object> admin(String clientId) {
        Map<String, Object> config = settings.commonClientConfig();
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId);
        return config;
    }

    /** An idempotent producer: retries never duplicate a record. */
    public Map<String, Object> producer(String clientId) {
        Map<String, Object> config = settings.commonClientConfig();
        config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd");
        return config;
    }

    /** A transactional producer: its records and its input offsets commit together or not at all. */
    public Map<String, Object> transactionalProducer(String clientId, String transactionalId) {
        Map<String, Object> config = producer(clientId);
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        return config;
    }

    /** A consumer that sees only committed records and commits offsets itself. */
    public Map<String, Object> consumer(String clientId, String groupId) {
        Map<String, Object> config = settings.commonClientConfig();
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        if (groupId != null) {
            config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
            settings.groupInstanceId().ifPresent(id -> config.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, id));
        }
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return config;
    }

    /**
     * A Kafka Streams application with exactly-once processing, persistent state under {@code stateDir}, and
     * unreadable or failing records sent to the dead-letter topic tagged with {@code stage}.
     */
    public Properties streams(String applicationId, Path stateDir, String stage) {
        Properties properties = new Properties();
        properties.putAll(settings.commonClientConfig());
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        // Streams adds the thread index to it for each thread's consumer
        settings.groupInstanceId().ifPresent(id -> properties.put(StreamsConfig.mainConsumerPrefix(
                ConsumerConfig.GROUP_INSTANCE_ID_CONFIG), id));
        properties.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        properties.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toAbsolutePath().toString());
        properties.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) settings.replicationFactor());
        settings.replicationConfigs().forEach((name, value) -> properties.put(StreamsConfig.topicPrefix(name), value));
        properties.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                DeadLetterExceptionHandler.class.getName());
        properties.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
                DeadLetterExceptionHandler.class.getName());
        properties.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG,
                DeadLetterExceptionHandler.class.getName());
        properties.put(DeadLetterExceptionHandler.TOPIC_CONFIG, settings.topics().deadLetters().name());
        properties.put(DeadLetterExceptionHandler.STAGE_CONFIG, stage);
        properties.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "zstd");
        // Merged inputs (the filter's candidates and pool) are taken by timestamp among the records fetched, never
        // held back for another partition: holding candidates while a pool record was on its way (0) made the
        // replicated-cluster test 13% slower. A pool record may then be judged before a candidate written ahead of
        // it; a replay takes its pool in before its candidates are written, so it does not depend on that order.
        properties.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, -1L);
        properties.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        return properties;
    }
}
