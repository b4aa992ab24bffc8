package dev.seedloop.filter.response;

import static dev.seedloop.filter.rule.RuleChecks.instance;
import static dev.seedloop.filter.rule.RuleChecks.judge;
import static dev.seedloop.filter.rule.RuleChecks.response;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EndsWithColonRuleTest {

    @Test
    void dropsAnInstanceWhoseInputOrOutputEndsWithAColonAndSaysWhich() {
        var judgement = judge(new EndsWithColonRule(), response(instance("List the steps:", "1. Boil."),
                instance("Pasta", "Steps are: "), instance("Pasta", "Boil it.")));

        assertThat(judgement.kept()).extracting(i -> i.getOutput()).containsExactly("Boil it.");
        assertThat(judgement.dropped()).extracting(drop -> drop.violation().detail())
                .containsExactly("input ends with ':'", "output ends with ':'");
    }
}
