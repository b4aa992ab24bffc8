package dev.seedloop.filter.instruction;

import static dev.seedloop.filter.rule.RuleChecks.judge;
import static org.assertj.core.api.Assertions.assertThat;

import dev.seedloop.filter.rule.Violation;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MaxLengthRuleTest {

    private final MaxLengthRule rule = new MaxLengthRule();

    @Test
    void rejectsMoreCodePointsThanTheLimitWithTheMeasuredLength() {
        Map<String, String> tenChars = Map.of("filter.max-length.max-chars", "10");

        Violation violation = judge(rule, tenChars, "한국어 문장입니다 길어요").orElseThrow();

        assertThat(violation.rule()).isEqualTo("max-length");
        assertThat(violation.score()).hasValue(13);
        assertThat(violation.threshold()).hasValue(10);
        assertThat(judge(rule, tenChars, "😀".repeat(10))).as("ten emoji are ten characters").isEmpty();
    }

    @Test
    void acceptsAnInstructionOfDefaultLength() {
        assertThat(judge(rule, "Summarise the following article in three sentences.")).isEmpty();
        assertThat(judge(rule, "x".repeat(2001))).isPresent();
    }
}
