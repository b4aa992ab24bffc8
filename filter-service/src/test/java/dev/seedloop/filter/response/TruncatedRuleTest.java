package dev.seedloop.filter.response;

import static dev.seedloop.filter.rule.RuleChecks.instance;
import static dev.seedloop.filter.rule.RuleChecks.judge;
import static dev.seedloop.filter.rule.RuleChecks.response;
import static org.assertj.core.api.Assertions.assertThat;

import dev.seedloop.filter.rule.ResponseJudgement;
import dev.seedloop.schemas.avro.Example;
import org.junit.jupiter.api.Test;

class TruncatedRuleTest {

    private final TruncatedRule rule = new TruncatedRule();

    @Test
    void dropsTheLastInstanceOfACutOffAnswerOnly() {
        Example cut = Example.newBuilder(response(instance("a", "1"), instance("b", "2"))).setTruncated(true).build();

        ResponseJudgement judgement = judge(rule, cut);

        assertThat(judgement.kept()).extracting(i -> i.getInput()).containsExactly("a");
        assertThat(judgement.dropped()).extracting(drop -> drop.instance().getInput()).containsExactly("b");
        assertThat(judge(rule, response(instance("a", "1"), instance("b", "2"))).dropped()).isEmpty();
    }
}
