package dev.seedloop.filter.response;

import static dev.seedloop.filter.rule.RuleChecks.instance;
import static dev.seedloop.filter.rule.RuleChecks.judge;
import static dev.seedloop.filter.rule.RuleChecks.response;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OutputEqualsInputRuleTest {

    @Test
    void dropsAnInstanceThatEchoesItsInput() {
        var judgement = judge(new OutputEqualsInputRule(), response(instance("hello", "hello"),
                instance("hello", "bonjour")));

        assertThat(judgement.kept()).extracting(i -> i.getOutput()).containsExactly("bonjour");
        assertThat(judgement.dropped()).extracting(drop -> drop.violation().rule())
                .containsExactly("output-equals-input");
    }
}
