package dev.seedloop.filter.response;

import static dev.seedloop.filter.rule.RuleChecks.instance;
import static dev.seedloop.filter.rule.RuleChecks.judge;
import static dev.seedloop.filter.rule.RuleChecks.response;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class MaxInstancesRuleTest {

    private final MaxInstancesRule rule = new MaxInstancesRule();

    @Test
    void keepsTheFirstCountInstances() {
        var six = response(instance("1", "a"), instance("2", "b"), instance("3", "c"), instance("4", "d"),
                instance("5", "e"), instance("6", "f"));

        assertThat(judge(rule, six).kept()).extracting(i -> i.getInput()).containsExactly("1", "2", "3", "4", "5");
        assertThat(judge(rule, Map.of("filter.max-instances.count", "2"), six).dropped())
                .extracting(drop -> drop.instance().getInput()).containsExactly("3", "4", "5", "6");
    }
}
