package dev.seedloop.filter.response;

import static dev.seedloop.filter.rule.RuleChecks.instance;
import static dev.seedloop.filter.rule.RuleChecks.judge;
import static dev.seedloop.filter.rule.RuleChecks.response;
import static org.assertj.core.api.Assertions.assertThat;

import dev.seedloop.schemas.avro.InstanceSource;
import org.junit.jupiter.api.Test;

class ApologeticResponseRuleTest {

    private final ApologeticResponseRule rule = new ApologeticResponseRule();

    @Test
    void dropsAShortApologyGivenAsADirectAnswer() {
        var judgement = judge(rule, response(InstanceSource.DIRECT_ANSWER,
                instance("", "I'm sorry, but I cannot help with that.")));

        assertThat(judgement.kept()).isEmpty();
        assertThat(judgement.dropped()).extracting(drop -> drop.violation().rule())
                .containsExactly("apologetic-response");
        assertThat(ApologeticResponseRule.isApologetic("죄송합니다. 도와드릴 수 없습니다.")).isTrue();
    }

    @Test
    void keepsALongAnswerThatApologisesAndEveryInstanceOfATask() {
        String long80 = "Sorry for the delay. " + "This answer explains the topic in depth. ".repeat(12);

        assertThat(judge(rule, response(InstanceSource.DIRECT_ANSWER, instance("", long80))).dropped()).isEmpty();
        assertThat(judge(rule, response(InstanceSource.INSTANCES_ASKED,
                instance("I broke your vase.", "Say sorry."))).dropped()).isEmpty();
    }
}
