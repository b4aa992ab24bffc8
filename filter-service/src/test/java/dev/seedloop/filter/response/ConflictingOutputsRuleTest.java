package dev.seedloop.filter.response;

import static dev.seedloop.filter.rule.RuleChecks.instance;
import static dev.seedloop.filter.rule.RuleChecks.judge;
import static dev.seedloop.filter.rule.RuleChecks.response;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConflictingOutputsRuleTest {

    private final ConflictingOutputsRule rule = new ConflictingOutputsRule();

    @Test
    void theSameInputWithTwoOutputsRejectsTheWholeTask() {
        var judgement = judge(rule, response(instance("2+2", "4"), instance("3+3", "6"), instance("2+2", "5")));

        assertThat(judgement.rejection()).hasValueSatisfying(violation -> {
            assertThat(violation.rule()).isEqualTo("conflicting-outputs");
            assertThat(violation.detail()).contains("'2+2'");
        });
    }

    @Test
    void emptyInputsAndRepeatedIdenticalPairsDoNotConflict() {
        assertThat(judge(rule, response(instance("", "a haiku"), instance("", "another haiku"))).rejection())
                .isEmpty();
        assertThat(judge(rule, response(instance("2+2", "4"), instance("2+2", "4"))).rejection()).isEmpty();
    }
}
