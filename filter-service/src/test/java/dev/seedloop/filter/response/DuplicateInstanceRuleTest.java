package dev.seedloop.filter.response;

import static dev.seedloop.filter.rule.RuleChecks.instance;
import static dev.seedloop.filter.rule.RuleChecks.judge;
import static dev.seedloop.filter.rule.RuleChecks.response;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DuplicateInstanceRuleTest {

    @Test
    void dropsRepeatsOfAnEarlierInputAndOutputPair() {
        var judgement = judge(new DuplicateInstanceRule(), response(instance("a", "1"), instance("a", "1"),
                instance("a", "2"), instance("a", "1")));

        assertThat(judgement.kept()).extracting(i -> i.getOutput()).containsExactly("1", "2");
        assertThat(judgement.dropped()).hasSize(2)
                .allSatisfy(drop -> assertThat(drop.violation().rule()).isEqualTo("duplicate-instance"));
    }
}
