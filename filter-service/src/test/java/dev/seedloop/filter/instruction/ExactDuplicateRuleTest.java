package dev.seedloop.filter.instruction;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seedloop.filter.FilterRules;
import dev.seedloop.filter.PoolJudge;
import dev.seedloop.runtime.config.ConfigSource;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExactDuplicateRuleTest {

    @Test
    void rejectsTheSameNormalisedTextAsAPoolEntry() {
        // Given a pool with one instruction, near duplicates off
        PoolJudge judge = new PoolJudge(FilterRules.from(ConfigSource.ofValues(
                Map.of("filter.near-duplicate.enabled", "false", "filter.semantic-duplicate.enabled", "false"))));
        judge.admit("Give three tips for staying healthy.");

        // When the same text comes with other case and spacing
        PoolJudge.Judgement judgement = judge.judge("  give THREE tips   for staying healthy. ");

        // Then it is an exact duplicate of the entry
        assertThat(judgement).isInstanceOfSatisfying(PoolJudge.Judgement.Fail.class, fail -> {
            assertThat(fail.violation().rule()).isEqualTo(ExactDuplicateRule.NAME);
            assertThat(judge.idOf(fail.duplicate())).isEqualTo(fail.id());
        });
        assertThat(judge.judge("Give four tips for staying healthy.")).isInstanceOf(PoolJudge.Judgement.Pass.class);
    }
}
