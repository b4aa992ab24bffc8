package dev.seedloop.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigSourceTest {

    private static final ConfigKey<Integer> CONCURRENCY = ConfigKey.integer("llm.concurrency", 4, 1, 64, "doc");

    @TempDir
    Path directory;

    @Test
    void overridesBeatTheEnvironmentWhichBeatsTheFileWhichBeatsTheDefault() throws Exception {
        Path file = properties("llm.concurrency=8\n");

        assertThat(ConfigSource.of(Map.of(), Optional.empty(), Map.of()).get(CONCURRENCY)).isEqualTo(4);
        assertThat(ConfigSource.of(Map.of(), Optional.of(file), Map.of()).get(CONCURRENCY)).isEqualTo(8);
        assertThat(ConfigSource.of(Map.of("SEEDLOOP_LLM_CONCURRENCY", "16"), Optional.of(file), Map.of())
                .get(CONCURRENCY)).isEqualTo(16);
        assertThat(ConfigSource.of(Map.of("SEEDLOOP_LLM_CONCURRENCY", "16"), Optional.of(file),
                Map.of("llm.concurrency", "32")).get(CONCURRENCY)).isEqualTo(32);
    }

    @Test
    void anInvalidValueFailsNamingTheKeyAndWhereItCameFrom() {
        ConfigSource source = ConfigSource.of(Map.of("SEEDLOOP_LLM_CONCURRENCY", "lots"), Optional.empty(), Map.of());

        assertThatThrownBy(() -> source.get(CONCURRENCY)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("llm.concurrency").hasMessageContaining("SEEDLOOP_LLM_CONCURRENCY")
                .hasMessageContaining("not an integer");
        assertThatThrownBy(() -> ConfigSource.ofValues(Map.of("llm.concurrency", "0")).get(CONCURRENCY))
                .hasMessageContaining("between 1 and 64");
    }

    @Test
    void aTypoInTheFileIsAnErrorNotASilentDefault() throws Exception {
        ConfigSource source = ConfigSource.of(Map.of(), Optional.of(properties("llm.concurency=8\n")), Map.of());

        assertThatThrownBy(() -> source.rejectUnknown(List.of(CONCURRENCY))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("llm.concurency");
    }

    @Test
    void durationsEnumsAndBooleansParseInTheirUsualForms() {
        ConfigKey<Duration> timeout = ConfigKey.duration("llm.timeout", "120s", "doc");
        assertThat(ConfigSource.ofValues(Map.of("llm.timeout", "250ms")).get(timeout)).hasMillis(250);
        assertThat(ConfigSource.ofValues(Map.of("llm.timeout", "PT2M")).get(timeout)).hasMinutes(2);
        assertThatThrownBy(() -> ConfigSource.ofValues(Map.of("llm.timeout", "soon")).get(timeout))
                .hasMessageContaining("not a duration");
        ConfigKey<java.time.temporal.ChronoUnit> unit = ConfigKey.enumeration("test.unit",
                java.time.temporal.ChronoUnit.DAYS, java.time.temporal.ChronoUnit.class, "doc");
        assertThat(ConfigSource.ofValues(Map.of("test.unit", "half-days")).get(unit))
                .isEqualTo(java.time.temporal.ChronoUnit.HALF_DAYS);
        assertThatThrownBy(() -> ConfigSource.ofValues(Map.of("kafka.create-topics", "maybe"))
                .get(KafkaSettings.CREATE_TOPICS)).hasMessageContaining("kafka.create-topics");
    }

    @Test
    void extraKafkaClientSettingsComeFromAPropertiesFile() throws Exception {
        Path client = properties("security.protocol=SASL_SSL\nsasl.mechanism=PLAIN\n");

        KafkaSettings settings = KafkaSettings.from(ConfigSource.ofValues(Map.of(
                "kafka.client-config-file", client.toString(), "kafka.bootstrap-servers", "broker:9093")));

        assertThat(settings.commonClientConfig()).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "PLAIN").containsEntry("bootstrap.servers", "broker:9093");
    }

    @Test
    void replicasInSyncAboveTheReplicationFactorAreRefusedSayingWhatToSet() {
        KafkaSettings replicated = KafkaSettings.from(ConfigSource.ofValues(Map.of(
                "kafka.replication-factor", "3", "kafka.min-insync-replicas", "2")));
        assertThat(replicated.replicationConfigs()).containsExactly(Map.entry("min.insync.replicas", "2"));
        assertThat(KafkaSettings.from(ConfigSource.ofValues(Map.of())).replicationConfigs()).isEmpty();

        assertThatThrownBy(() -> KafkaSettings.from(ConfigSource.ofValues(Map.of(
                "kafka.replication-factor", "2", "kafka.min-insync-replicas", "3")))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("kafka.min-insync-replicas is 3 but kafka.replication-factor is 2")
                .hasMessageContaining("at most 2");
        assertThatThrownBy(() -> KafkaSettings.from(ConfigSource.ofValues(Map.of(
                "kafka.min-insync-replicas", "0")))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("kafka.min-insync-replicas");
    }

    private Path properties(String text) throws Exception {
        Path file = Files.createTempFile(directory, "config", ".properties");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }
}
