package dev.seedloop.filter.instruction;

import static dev.seedloop.filter.rule.RuleChecks.check;
import static dev.seedloop.filter.rule.RuleChecks.judge;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seedloop.runtime.config.ConfigException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WordCountRuleTest {

    private final WordCountRule rule = new WordCountRule();

    @Test
    void rejectsThreeWordsOrFewerAndMoreThan150AsSelfInstructDoes() {
        assertThat(judge(rule, "Translate this sentence.").orElseThrow().detail()).isEqualTo(
                "3 words, fewer than 4");
        assertThat(judge(rule, "Translate this sentence please.")).isEmpty();
        assertThat(judge(rule, "word ".repeat(151)).orElseThrow().detail()).isEqualTo("151 words, more than 150");
    }

    @Test
    void countsEachCharacterOfAScriptWithoutSpacesByDefaultButNotUnderTheSelfInstructPreset() {
        String chinese = "请把这句话翻译成英文";

        assertThat(judge(rule, chinese)).as("ten characters, ten words").isEmpty();
        assertThat(judge(rule, Map.of("filter.preset", "self-instruct"), chinese).orElseThrow().detail())
                .isEqualTo("1 words, fewer than 4");
        assertThat(WordCountRule.countScriptAware("東京は 大きい city です")).as("東 京 は 大 き い city で す").isEqualTo(9);
    }

    @Test
    void aMaximumBelowTheMinimumIsAConfigurationErrorNamingBothKeys() {
        assertThatThrownBy(() -> check(rule, Map.of("filter.word-count.min-words", "10",
                "filter.word-count.max-words", "5")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("filter.word-count.max-words (5)")
                .hasMessageContaining("filter.word-count.min-words (10)");
    }
}
