package dev.seedloop.filter.instruction;

import static dev.seedloop.filter.rule.RuleChecks.judge;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PunctuationStartRuleTest {

    private final PunctuationStartRule rule = new PunctuationStartRule();

    @Test
    void rejectsAsciiPunctuationFirstButNotOtherScripts() {
        assertThat(judge(rule, "- Give three tips for staying healthy.").orElseThrow().detail())
                .isEqualTo("starts with '-'");
        assertThat(judge(rule, "«Explain» this quote in your own words.")).isEmpty();
        assertThat(judge(rule, "건강을 유지하기 위한 세 가지 팁을 주세요.")).isEmpty();
        assertThat(judge(rule, "")).isEmpty();
    }
}
