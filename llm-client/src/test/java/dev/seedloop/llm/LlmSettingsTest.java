package dev.seedloop.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seedloop.runtime.config.ConfigException;
import dev.seedloop.runtime.config.ConfigSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LlmSettingsTest {

    @Test
    void secretsAreNeverPrintedAndAliasesAreRead() {
        ConfigSource source = ConfigSource.of(Map.of("OPENAI_API_KEY", "sk-very-secret-value"), Optional.empty(),
                Map.of());

        assertThat(source.get(LlmSettings.API_KEY)).isEqualTo("sk-very-secret-value");
        assertThat(String.join("\n", source.describe(List.of(LlmSettings.API_KEY, LlmSettings.CONCURRENCY))))
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
    void theStartingConcurrencyMayNotExceedTheMaximum() {
        assertThatThrownBy(() -> LlmSettings.from(ConfigSource.ofValues(Map.of("llm.base-url", "http://localhost:1/v1",
                "llm.concurrency", "8", "llm.max-concurrency", "4")), 0.7, 100))
                .isInstanceOf(ConfigException.class).hasMessageContaining("llm.max-concurrency");
    }
}
