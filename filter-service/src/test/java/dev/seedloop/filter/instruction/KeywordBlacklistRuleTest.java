package dev.seedloop.filter.instruction;

import static dev.seedloop.filter.rule.RuleChecks.check;
import static dev.seedloop.filter.rule.RuleChecks.judge;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seedloop.runtime.config.ConfigException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KeywordBlacklistRuleTest {

    private final KeywordBlacklistRule rule = new KeywordBlacklistRule();

    @Test
    void matchesWholeWordsCaseInsensitively() {
        assertThat(judge(rule, "Describe the IMAGE below in detail.").orElseThrow().detail())
                .isEqualTo("mentions 'IMAGE'");
        assertThat(judge(rule, "Imagine a world without money and describe it.")).isEmpty();
        assertThat(judge(rule, "Tell me how to go to the station from here.")).isPresent();
    }

    @Test
    void theAlpacaPresetAddsItsFiveTerms() {
        String video = "Summarise the video you watched yesterday.";

        assertThat(judge(rule, video)).isEmpty();
        assertThat(judge(rule, Map.of("filter.preset", "alpaca"), video)).isPresent();
        assertThat(judge(rule, Map.of("filter.keyword-blacklist.keywords", "video"), "Draw a cat in words."))
                .as("an explicit list replaces the default").isEmpty();
    }

    @Test
    void anEmptyListIsAConfigurationError() {
        assertThatThrownBy(() -> check(rule, Map.of("filter.keyword-blacklist.keywords", "")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("filter.keyword-blacklist.keywords is empty");
    }
}
