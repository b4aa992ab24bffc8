package dev.seedloop.filter.shard;

import dev.seedloop.runtime.config.ConfigException;
import dev.seedloop.runtime.config.KafkaSettings;
import dev.seedloop.runtime.kafka.KafkaClients;
import dev.seedloop.runtime.kafka.TopicProvisioner;
import dev.seedloop.schemas.Topic;
import dev.seedloop.schemas.TopicRegistry;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;

/**
 * The sharded judge's own topics, decisions and answers: made when missing (or checked, when the settings do not
 * allow making topics), and refused when the decisions topic has another number of partitions than there are shards,
 * since each shard takes its part of the pool in from its partition.
 */
public final class ShardedJudgeTopics {

    private ShardedJudgeTopics() {
    }

    public static void provision(KafkaClients clients, TopicRegistry topics, int shards) {
        KafkaSettings settings = clients.settings();
        List<Topic<?, ?>> own = List.of(topics.decisions(shards), topics.answers());
        try (Admin admin = Admin.create(clients.admin("filter-shards"))) {
            int partitions = partitions(admin, topics.decisions(shards).name());
            if (partitions > 0 && partitions != shards) {
                throw new ConfigException("filter.shards is " + shards + " but topic " + topics.decisions(shards).name()
                        + " has " + partitions + " partitions, one a shard of the judge that wrote it: set "
                        + "filter.shards=" + partitions + " (a running loop's number of shards cannot be changed yet)");
            }
            TopicProvisioner provisioner = new TopicProvisioner(admin);
            if (settings.createTopics()) {
                provisioner.ensure(own, settings.replicationFactor(), settings.replicationConfigs());
            } else {
                provisioner.check(own);
            }
        }
    }

    /** The partitions of {@code topic}; 0 when it does not exist. */
    private static int partitions(Admin admin, String topic) {
        try {
            if (!admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(topic)) {
                return 0;
            }
            return admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic)
                    .partitions().size();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking " + topic, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot check topic " + topic + ": " + e.getMessage(), e);
        }
    }
}
