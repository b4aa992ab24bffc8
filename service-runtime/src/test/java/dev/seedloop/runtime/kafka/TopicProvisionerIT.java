package dev.seedloop.runtime.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seedloop.runtime.config.ConfigException;
import dev.seedloop.runtime.config.KafkaSettings;
import dev.seedloop.schemas.TopicRegistry;
import dev.seedloop.testkit.TestKafka;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Topic provisioning on a real broker: a replication factor the cluster cannot meet is said plainly. */
@Timeout(120)
class TopicProvisionerIT {

    @Test
    void aReplicationFactorAboveTheBrokerCountIsAConfigurationErrorSayingWhatToSet() throws Exception {
        try (TestKafka broker = TestKafka.start()) {
            // Given one broker and a loop asking for three replicas
            KafkaSettings three = new KafkaSettings(broker.bootstrapServers(), "three", true, (short) 3, 2,
                    Map.of(), Optional.empty());

            // When its topics are provisioned, then it is refused before any topic is created, saying what to set
            assertThatThrownBy(() -> TopicProvisioner.provision(new KafkaClients(three), "provisioner-it"))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("kafka.replication-factor is 3 but the cluster has 1 broker")
                    .hasMessageContaining("set kafka.replication-factor to at most 1");
            KafkaClients clients = new KafkaClients(KafkaSettings.forBootstrap(broker.bootstrapServers()));
            try (Admin admin = Admin.create(clients.admin("provisioner-it"))) {
                assertThat(admin.listTopics().names().get()).noneMatch(name -> name.startsWith("three."));
            }

            // And a factor it can meet creates every topic, with the replicas in sync that a write needs
            KafkaSettings one = new KafkaSettings(broker.bootstrapServers(), "one", true, (short) 1, 1, Map.of(),
                    Optional.empty());
            TopicProvisioner.provision(new KafkaClients(one), "provisioner-it");
            try (Admin admin = Admin.create(clients.admin("provisioner-it"))) {
                List<String> names = TopicRegistry.withPrefix("one").all().stream().map(topic -> topic.name())
                        .toList();
                assertThat(admin.listTopics().names().get()).containsAll(names);
                Map<ConfigResource, Config> configs = admin.describeConfigs(names.stream()
                        .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name)).toList()).all().get();
                assertThat(configs.values()).allSatisfy(config -> assertThat(config.get("min.insync.replicas")
                        .value()).isEqualTo("1"));
            }
        }
    }
}
