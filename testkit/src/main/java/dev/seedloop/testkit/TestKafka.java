package dev.seedloop.testkit;

import dev.seedloop.kafka.embedded.EmbeddedKafkaBroker;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The Kafka broker of an integration test. By default the project's embedded KRaft broker; with
 * {@code -Dseedloop.test.kafka=testcontainers} Testcontainers' Kafka (image {@code seedloop.test.kafka.image}),
 * which needs a Docker engine. The same tests pass on both.
 */
public interface TestKafka extends AutoCloseable {

    /** Which broker to start: {@code embedded} (default) or {@code testcontainers}. */
    String MODE_PROPERTY = "seedloop.test.kafka";
    String IMAGE_PROPERTY = "seedloop.test.kafka.image";
    String DEFAULT_IMAGE = "apache/kafka:4.3.1";

    String bootstrapServers();

    @Override
    void close();

    /** Starts the broker the build asked for. */
    static TestKafka start() {
        String mode = System.getProperty(MODE_PROPERTY, "embedded");
        return switch (mode) {
            case "embedded" -> embedded();
            case "testcontainers" -> container(System.getProperty(IMAGE_PROPERTY, DEFAULT_IMAGE));
            default -> throw new IllegalArgumentException(MODE_PROPERTY + " must be embedded or testcontainers, not "
                    + mode);
        };
    }

    private static TestKafka embedded() {
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.startTemporary();
        return new TestKafka() {
            @Override
            public String bootstrapServers() {
                return broker.bootstrapServers();
            }

            @Override
            public void close() {
                broker.close();
            }
        };
    }

    private static TestKafka container(String image) {
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            throw new IllegalStateException(MODE_PROPERTY + "=testcontainers needs a Docker engine, and none is "
                    + "reachable; run without it to use the embedded broker");
        }
        KafkaContainer container = new KafkaContainer(DockerImageName.parse(image))
                // A single node: internal topics and transactions with one replica.
                .withEnv("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "1")
                .withEnv("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1")
                .withEnv("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1")
                .withEnv("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0")
                .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false");
        container.start();
        return new TestKafka() {
            @Override
            public String bootstrapServers() {
                return container.getBootstrapServers();
            }

            @Override
            public void close() {
                container.stop();
            }
        };
    }
}
