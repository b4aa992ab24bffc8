package dev.seedloop.filter.response;

import static dev.seedloop.filter.rule.RuleChecks.instance;
import static dev.seedloop.filter.rule.RuleChecks.judge;
import static dev.seedloop.filter.rule.RuleChecks.response;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EmptyOutputRuleTest {

    @Test
    void dropsBlankOutputsAndKeepsTheRestInOrder() {
        var judgement = judge(new EmptyOutputRule(), response(instance("a", "1"), instance("b", " \n"),
                instance("c", "3")));

        assertThat(judgement.kept()).extracting(i -> i.getInput()).containsExactly("a", "c");
        assertThat(judgement.dropped()).singleElement().satisfies(drop -> {
            assertThat(drop.instance().getInput()).isEqualTo("b");
            assertThat(drop.violation().rule()).isEqualTo("empty-output");
        });
    }
}
