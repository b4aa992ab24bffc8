package dev.seedloop.runtime.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seedloop.runtime.config.ConfigSource;
import dev.seedloop.runtime.config.KafkaSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SASL and TLS settings reach every Kafka client a stage makes, and no credential is ever printed. */
class SecureClientConfigTest {

    private static final String PASSWORD = "s3cr3t-scram-password";

    @TempDir
    Path work;

    @Test
    void saslAndSslSettingsFromTheClientConfigFileReachEveryClient() throws Exception {
        Path file = work.resolve("client.properties");
        Files.writeString(file, String.join("\n",
                "security.protocol=SASL_SSL",
                "sasl.mechanism=SCRAM-SHA-512",
                "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required "
                        + "username=\"seedloop\" password=\"" + PASSWORD + "\";",
                "ssl.truststore.location=/etc/kafka/truststore.p12",
                "ssl.truststore.type=PKCS12",
                "ssl.truststore.password=" + PASSWORD,
                "ssl.endpoint.identification.algorithm=https"));
        KafkaSettings settings = KafkaSettings.from(ConfigSource.ofValues(Map.of(
                "kafka.bootstrap-servers", "kafka-0.kafka:9093", "kafka.client-config-file", file.toString())));
        KafkaClients clients = new KafkaClients(settings);

        Properties streams = clients.streams("app", work.resolve("state"), "filter");
        List<Map<String, Object>> configs = List.of(clients.admin("a"), clients.producer("p"),
                clients.transactionalProducer("t", "tx"), clients.consumer("c", "g"), toMap(streams));
        for (Map<String, Object> config : configs) {
            assertThat(config).containsEntry("security.protocol", "SASL_SSL")
                    .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                    .containsEntry("ssl.truststore.location", "/etc/kafka/truststore.p12")
                    .containsEntry("ssl.truststore.password", PASSWORD)
                    .containsEntry("bootstrap.servers", "kafka-0.kafka:9093");
            assertThat(config.get("sasl.jaas.config").toString()).contains("ScramLoginModule");
        }

        assertThat(settings.toString()).doesNotContain(PASSWORD).contains("SASL_SSL", "sasl.jaas.config=<secret>",
                "ssl.truststore.password=<secret>");
    }

    private static Map<String, Object> toMap(Properties properties) {
        Map<String, Object> map = new java.util.HashMap<>();
        properties.forEach((key, value) -> map.put(key.toString(), value));
        return map;
    }
}
