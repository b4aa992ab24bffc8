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
    void secretsAreNeverPrintedAndAliasesAreRead() {
        ConfigSource source = ConfigSource.of(Map.of("OPENAI_API_KEY", "sk-very-secret-value"), Optional.empty(),
                Map.of());

        assertThat(source.get(LlmSettings.API_KEY)).isEqualTo("sk-very-secret-value");
        assertThat(String.join("\n", source.describe(List.of(LlmSettings.API_KEY, CONCURRENCY))))
                .doesNotContain("sk-very-secret-value").contains("llm.api-key = <secret> (env OPENAI_API_KEY)")
                .contains("llm.concurrency = 4 (default)");
        LlmSettings settings = LlmSettings.from(source, 0.7, 100);
        assertThat(settings.toString()).doesNotContain("sk-very-secret-value");
    }

    @Test
    void openAiNeedsAKeyButALocalServerDoesNot() {
        assertThatThrownBy(() -> LlmSettings.from(ConfigSource.ofValues(Map.of()), 0.7, 100).requireUsable())
                .isInstanceOf(ConfigException.class).hasMessageContaining("OPENAI_API_KEY");
        assertThat(LlmSettings.from(ConfigSource.ofValues(Map.of("llm.base-url", "http://localhost:11434/v1")),
                0.7, 100).requireUsable().baseUrl().getPort()).isEqualTo(11434);
        assertThatThrownBy(() -> ConfigSource.ofValues(Map.of("llm.base-url", "localhost:11434"))
                .get(LlmSettings.BASE_URL)).hasMessageContaining("llm.base-url");
    }

    @Test
    void durationsEnumsAndBooleansParseInTheirUsualForms() {
        ConfigKey<Duration> timeout = ConfigKey.duration("llm.timeout", "120s", "doc");
        assertThat(ConfigSource.ofValues(Map.of("llm.timeout", "250ms")).get(timeout)).hasMillis(250);
        assertThat(ConfigSource.ofValues(Map.of("llm.timeout", "PT2M")).get(timeout)).hasMinutes(2);
        assertThatThrownBy(() -> ConfigSource.ofValues(Map.of("llm.timeout", "soon")).get(timeout))
                .hasMessageContaining("not a duration");
        assertThat(ConfigSource.ofValues(Map.of("llm.token-limit-parameter", "max-completion-tokens"))
                .get(LlmSettings.TOKEN_LIMIT_PARAMETER))
                .isEqualTo(LlmSettings.TokenLimitParameter.MAX_COMPLETION_TOKENS);
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

    private Path properties(String text) throws Exception {
        Path file = Files.createTempFile(directory, "config", ".properties");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }
}
