package dev.seedloop.filter.instruction;

import static dev.seedloop.filter.rule.RuleChecks.judge;
import static org.assertj.core.api.Assertions.assertThat;

import dev.seedloop.filter.rule.Rules;
import dev.seedloop.runtime.config.ConfigSource;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NonAsciiStartRuleTest {

    private final NonAsciiStartRule rule = new NonAsciiStartRule();

    @Test
    void rejectsAnyNonAsciiFirstCharacterSoItRejectsEveryKoreanInstruction() {
        assertThat(judge(rule, "건강을 유지하기 위한 세 가지 팁을 주세요.").orElseThrow().detail()).isEqualTo("starts with '건'");
        assertThat(judge(rule, "Give three tips for staying healthy.")).isEmpty();
    }

    @Test
    void isOffByDefaultAndOnInTheSelfInstructAndAlpacaPresets() {
        assertThat(Rules.enabled(rule, ConfigSource.ofValues(Map.of()))).isFalse();
        assertThat(Rules.enabled(rule, ConfigSource.ofValues(Map.of("filter.preset", "self-instruct")))).isTrue();
        assertThat(Rules.enabled(rule, ConfigSource.ofValues(Map.of("filter.preset", "alpaca")))).isTrue();
    }
}
