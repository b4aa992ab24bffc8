package dev.seedloop.filter.response;

import static dev.seedloop.filter.rule.RuleChecks.instance;
import static dev.seedloop.filter.rule.RuleChecks.judge;
import static dev.seedloop.filter.rule.RuleChecks.response;
import static org.assertj.core.api.Assertions.assertThat;

import dev.seedloop.schemas.avro.InstanceSource;
import org.junit.jupiter.api.Test;

class StopwordsOnlyRuleTest {

    private final StopwordsOnlyRule rule = new StopwordsOnlyRule();

    @Test
    void dropsADirectAnswerOfOnlyStopWordsAndPunctuation() {
        var judgement = judge(rule, response(InstanceSource.DIRECT_ANSWER, instance("", "It is what it is.")));

        assertThat(judgement.dropped()).extracting(drop -> drop.violation().rule()).containsExactly("stopwords-only");
    }

    @Test
    void keepsAnswersWithAContentWordInstancesOfTasksAndEmptyOutputs() {
        assertThat(judge(rule, response(InstanceSource.DIRECT_ANSWER, instance("", "It is Paris."))).dropped())
                .isEmpty();
        assertThat(judge(rule, response(InstanceSource.INSTANCES_ASKED, instance("Is it?", "It is."))).dropped())
                .isEmpty();
        assertThat(StopwordsOnlyRule.isStopwordsOnly("  ")).as("an empty output is empty-output's").isFalse();
    }
}
