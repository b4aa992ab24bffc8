package dev.seedloop.filter.instruction;

import static dev.seedloop.filter.rule.RuleChecks.judge;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WriteAProgramRuleTest {

    private final WriteAProgramRule rule = new WriteAProgramRule();

    @Test
    void rejectsTheCaseSensitivePrefixOnly() {
        assertThat(judge(rule, "Write a program that sorts a list.").orElseThrow().rule()).isEqualTo("write-a-program");
        assertThat(judge(rule, "write a program that sorts a list.")).isEmpty();
        assertThat(judge(rule, "Write a function that sorts a list.")).isEmpty();
    }
}
