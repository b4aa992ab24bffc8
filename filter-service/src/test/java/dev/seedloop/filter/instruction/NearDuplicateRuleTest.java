package dev.seedloop.filter.instruction;

import static dev.seedloop.filter.rule.RuleChecks.check;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.seedloop.filter.FilterRules;
import dev.seedloop.filter.PoolJudge;
import dev.seedloop.filter.rule.PoolCheck;
import dev.seedloop.runtime.config.ConfigException;
import dev.seedloop.runtime.config.ConfigSource;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class NearDuplicateRuleTest {

    private final NearDuplicateRule rule = new NearDuplicateRule();

    @Test
    void rejectsRougeLStrictlyAboveTheThreshold() {
        // Given a ten-token pool entry
        PoolJudge judge = new PoolJudge(FilterRules.from(ConfigSource.ofValues(
                Map.of("filter.semantic-duplicate.enabled", "false"))));
        judge.admit("alpha bravo charlie delta echo foxtrot golf hotel india juliet");

        // Then 7 of 10 tokens in common (F = 0.7) passes and 8 of 10 is a near duplicate
        assertThat(judge.judge("alpha bravo charlie delta echo foxtrot golf xray yankee zulu"))
                .isInstanceOf(PoolJudge.Judgement.Pass.class);
        assertThat(judge.judge("alpha bravo charlie delta echo foxtrot golf hotel yankee zulu"))
                .isInstanceOfSatisfying(PoolJudge.Judgement.Fail.class, fail -> {
                    assertThat(fail.violation().rule()).isEqualTo(NearDuplicateRule.NAME);
                    assertThat(fail.violation().score().getAsDouble()).isCloseTo(0.8, within(1e-9));
                    assertThat(fail.violation().threshold()).hasValue(0.7);
                });
    }

    @Test
    void theScoreFloorDefaultsToTheThresholdAndMayNotExceedIt() {
        assertThat(check(rule, Map.of())).isEqualTo(new PoolCheck(OptionalDouble.of(0.7),
                OptionalDouble.of(0.7)));
        assertThat(((PoolCheck) check(rule, Map.of("filter.near-duplicate.score-floor", "0.3"))).scoreFloor())
                .hasValue(0.3);
        assertThatThrownBy(() -> check(rule, Map.of("filter.near-duplicate.score-floor", "0.9")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("between 0 and the threshold (0.7)");
        assertThatThrownBy(() -> check(rule, Map.of("filter.near-duplicate.score-floor", "high")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'high' is not a number");
    }
}
