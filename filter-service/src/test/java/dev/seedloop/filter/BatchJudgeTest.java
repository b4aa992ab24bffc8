package dev.seedloop.filter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seedloop.runtime.config.ConfigSource;
import dev.seedloop.testkit.SharedData;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BatchJudgeTest {

    @ParameterizedTest
    @ValueSource(strings = {"0.7", "0.5", "0.3"})
    void makesTheSameDecisionsOnTwoThreadsAsOneAtATime(String threshold) throws Exception {
        // Given Alpaca's instructions with rewordings and copies of earlier ones mixed in
        List<String> lines = new ArrayList<>(SharedData.field("alpaca_5000.jsonl", "instruction"));
        Random random = new Random(9);
        for (int i = 0; i < 800; i++) {
            String earlier = lines.get(random.nextInt(lines.size()));
            lines.add(random.nextInt(lines.size()), random.nextBoolean() ? earlier : earlier + " quickly");
        }
        FilterRules rules = FilterRules.from(ConfigSource.ofValues(Map.of(
                "filter.near-duplicate.threshold", threshold)));

        // When judged one at a time and in parallel chunks
        PoolJudge sequential = new PoolJudge(rules);
        List<PoolJudge.Judgement> expected = new ArrayList<>();
        for (String line : lines) {
            PoolJudge.Judgement judgement = sequential.judge(line);
            if (judgement instanceof PoolJudge.Judgement.Pass) {
                sequential.admit(line);
            }
            expected.add(judgement);
        }
        List<PoolJudge.Judgement> actual;
        try (BatchJudge batch = new BatchJudge(new PoolJudge(rules), 2)) {
            actual = batch.judgeAndAdmit(lines).stream().map(BatchJudge.Decision::judgement).toList();
        }

        // Then every verdict, duplicate entry and score above the threshold agrees
        assertThat(actual).hasSameSizeAs(expected);
        for (int k = 0; k < lines.size(); k++) {
            PoolJudge.Judgement one = expected.get(k);
            PoolJudge.Judgement two = actual.get(k);
            assertThat(two.getClass()).as("line %d", k).isEqualTo(one.getClass());
            if (one instanceof PoolJudge.Judgement.Fail fail) {
                PoolJudge.Judgement.Fail other = (PoolJudge.Judgement.Fail) two;
                assertThat(other.violation().rule()).as("line %d", k).isEqualTo(fail.violation().rule());
                assertThat(other.duplicate()).as("line %d: %s / %s", k, fail, other).isEqualTo(fail.duplicate());
                assertThat(other.violation().score()).as("line %d", k).isEqualTo(fail.violation().score());
            }
        }
        assertThat(expected).filteredOn(j -> j instanceof PoolJudge.Judgement.Fail).isNotEmpty();
    }
}
