package dev.seedloop.filter.response;

import static dev.seedloop.filter.rule.RuleChecks.instance;
import static dev.seedloop.filter.rule.RuleChecks.judge;
import static dev.seedloop.filter.rule.RuleChecks.response;
import static org.assertj.core.api.Assertions.assertThat;

import dev.seedloop.filter.rule.Rules;
import dev.seedloop.runtime.config.ConfigSource;
import dev.seedloop.schemas.avro.Example;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LowQualityRuleTest {

    private final LowQualityRule rule = new LowQualityRule();

    @Test
    void rejectsARatingBelowTheMinimumWithTheScoreAndTheJudgesReason() {
        Example rated = Example.newBuilder(response(instance("", "Paris."))).setQualityScore(3.0)
                .setQualityReason("misses the question").build();

        var judgement = judge(rule, rated);

        assertThat(judgement.rejection()).hasValueSatisfying(violation -> {
            assertThat(violation.score()).hasValue(3.0);
            assertThat(violation.threshold()).hasValue(4.5);
            assertThat(violation.detail()).contains("misses the question");
        });
    }

    @Test
    void passesTheMinimumItselfAndUnratedResponsesAndIsOffByDefault() {
        Example atMinimum = Example.newBuilder(response(instance("", "Paris."))).setQualityScore(4.0).build();

        assertThat(judge(rule, Map.of("filter.low-quality.min-score", "4"), atMinimum).rejection()).isEmpty();
        assertThat(judge(rule, response(instance("", "Paris."))).rejection()).isEmpty();
        assertThat(Rules.enabled(rule, ConfigSource.ofValues(Map.of()))).isFalse();
    }
}
