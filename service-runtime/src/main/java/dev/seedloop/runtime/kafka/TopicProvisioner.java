package dev.seedloop.runtime.kafka;

import dev.seedloop.runtime.config.ConfigException;
import dev.seedloop.runtime.config.KafkaSettings;
import dev.seedloop.schemas.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the registry's topics that are missing and checks the ones that exist: a single-partition topic with
 * more partitions would break the filter's total order, so that is an error, not a warning.
 */
public final class TopicProvisioner {

    private static final Logger LOGGER = LoggerFactory.getLogger(TopicProvisioner.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final Admin admin;

    public TopicProvisioner(Admin admin) {
        this.admin = admin;
    }

    /**
     * Creates the registry's missing topics when the settings allow it, and checks them all: what every service
     * does at start.
     */
    public static void provision(KafkaClients clients, String clientId) {
        KafkaSettings settings = clients.settings();
        try (Admin admin = Admin.create(clients.admin(clientId))) {
            TopicProvisioner provisioner = new TopicProvisioner(admin);
            if (settings.createTopics()) {
                provisioner.ensure(settings.topics().all(), settings.replicationFactor(),
                        settings.replicationConfigs());
            } else {
                provisioner.check(settings.topics().all());
            }
        }
    }

    /**
     * Creates what is missing (with {@code replicationFactor}, -1 for the broker default, and the topic
     * configuration {@code replicationConfigs} adds to the registry's) and checks the rest.
     */
    public void ensure(Collection<Topic<?, ?>> topics, short replicationFactor, Map<String, String> replicationConfigs) {
        try {
            Set<String> existing = admin.listTopics().names().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (Topic<?, ?> topic : topics) {
                if (!existing.contains(topic.name())) {
                    missing.add(new NewTopic(topic.name(), Optional.of(topic.partitions()),
                            replicationFactor < 0 ? Optional.empty() : Optional.of(replicationFactor))
                            .configs(withReplication(topic.configs(), replicationConfigs)));
                }
            }
            if (!missing.isEmpty() && replicationFactor > 0) {
                refuseFewerBrokersThan(replicationFactor);
            }
            create(missing);
            verify(topics);
            awaitWritable(missing.stream().map(NewTopic::name).toList());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while provisioning topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot provision topics: " + e.getMessage(), e);
        }
    }

    private static Map<String, String> withReplication(Map<String, String> configs, Map<String, String> replication) {
        Map<String, String> merged = new LinkedHashMap<>(configs);
        merged.putAll(replication);
        return merged;
    }

    /**
     * A replication factor the cluster cannot meet is a configuration error: said at once, with what to set, rather
     * than as the broker's refusal of each topic.
     */
    private void refuseFewerBrokersThan(short replicationFactor)
            throws InterruptedException, TimeoutException, ExecutionException {
        int brokers = admin.describeCluster().nodes().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).size();
        if (brokers < replicationFactor) {
            throw new ConfigException("kafka.replication-factor is " + replicationFactor + " but the cluster has "
                    + brokers + (brokers == 1 ? " broker" : " brokers") + ": set kafka.replication-factor to at "
                    + "most " + brokers + " (or -1 for the brokers' default), or add brokers");
        }
    }

    private void create(List<NewTopic> missing) throws InterruptedException, TimeoutException, ExecutionException {
        if (missing.isEmpty()) {
            return;
        }
        var results = admin.createTopics(missing).values();
        for (var entry : results.entrySet()) {
            try {
                entry.getValue().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                LOGGER.info("created topic {}", entry.getKey());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        }
    }

    /**
     * Waits until the leader of every partition of the topics just created has opened it. Until then a produce
     * request is refused with NOT_LEADER_OR_FOLLOWER, and an idempotent producer whose later batch got in first
     * retries the refused one into OUT_OF_ORDER_SEQUENCE_NUMBER until it expires: records lost although acks=all
     * (KAFKA-15591). DescribeProducers is answered only by a leader that has the partition open, and writes nothing.
     */
    private void awaitWritable(List<String> created) throws InterruptedException {
        if (created.isEmpty()) {
            return;
        }
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        List<TopicPartition> partitions = new ArrayList<>();
        try {
            admin.describeTopics(created).allTopicNames().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .forEach((name, description) -> description.partitions().forEach(partition ->
                            partitions.add(new TopicPartition(name, partition.partition()))));
        } catch (ExecutionException | TimeoutException e) {
            LOGGER.warn("cannot describe the topics just created: {}", e.getMessage());
            return;
        }
        while (true) {
            try {
                admin.describeProducers(partitions).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                return;
            } catch (ExecutionException | TimeoutException e) {
                if (System.nanoTime() > deadline) {
                    LOGGER.warn("partitions of {} not yet writable after {}: {}", created, TIMEOUT, e.getMessage());
                    return;
                }
            }
            Thread.sleep(50);
        }
    }

    /** Checks that every topic exists with a usable number of partitions. */
    public void check(Collection<Topic<?, ?>> topics) {
        try {
            verify(topics);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot check topics (do they exist?): " + e.getMessage(), e);
        }
    }

    private void verify(Collection<Topic<?, ?>> topics)
            throws InterruptedException, ExecutionException, TimeoutException {
        Map<String, TopicDescription> descriptions = describe(topics);
        for (Topic<?, ?> topic : topics) {
            int actual = descriptions.get(topic.name()).partitions().size();
            if (actual == topic.partitions()) {
                continue;
            }
            if (topic.partitions() == 1) {
                throw new IllegalStateException("topic " + topic.name() + " has " + actual
                        + " partitions; seedloop needs exactly 1 (the filter judges it as one ordered sequence)");
            }
            LOGGER.warn("topic {} has {} partitions where the registry says {}", topic.name(), actual,
                    topic.partitions());
        }
    }

    /**
     * Describes {@code topics} once every partition has a leader: a broker that has not yet learned of a topic just
     * created would otherwise refuse the first records written to it.
     */
    private Map<String, TopicDescription> describe(Collection<Topic<?, ?>> topics)
            throws InterruptedException, ExecutionException, TimeoutException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            try {
                Map<String, TopicDescription> descriptions = admin.describeTopics(
                        topics.stream().map(Topic::name).toList()).allTopicNames()
                        .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                boolean led = descriptions.values().stream().flatMap(d -> d.partitions().stream())
                        .allMatch(partition -> partition.leader() != null && !partition.leader().isEmpty());
                if (led || System.nanoTime() > deadline) {
                    return descriptions;
                }
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                    throw e;
                }
            }
            Thread.sleep(100);
        }
    }
}
