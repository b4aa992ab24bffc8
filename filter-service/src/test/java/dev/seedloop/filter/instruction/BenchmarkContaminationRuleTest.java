package dev.seedloop.filter.instruction;

import static dev.seedloop.filter.rule.RuleChecks.instance;
import static dev.seedloop.filter.rule.RuleChecks.response;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seedloop.filter.FilterRules;
import dev.seedloop.filter.PoolJudge;
import dev.seedloop.filter.rule.ResponseJudgement;
import dev.seedloop.filter.rule.Violation;
import dev.seedloop.runtime.config.ConfigException;
import dev.seedloop.runtime.config.ConfigSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchmarkContaminationRuleTest {

    /** GSM8K's first test question, as the shipped file holds it. */
    private static final String JANET = "Janet’s ducks lay 16 eggs per day. She eats three for breakfast every "
            + "morning and bakes muffins for her friends every day with four. She sells the remainder at the farmers' "
            + "market daily for $2 per fresh duck egg. How much in dollars does she make every day at the farmers' "
            + "market?";
    /** HumanEval/0's canonical solution. */
    private static final String HAS_CLOSE_ELEMENTS = "    for idx, elem in enumerate(numbers):\n"
            + "        for idx2, elem2 in enumerate(numbers):\n            if idx != idx2:\n"
            + "                distance = abs(elem - elem2)\n                if distance < threshold:\n"
            + "                    return True\n\n    return False\n";

    @TempDir
    Path directory;

    /** The rules under {@code values}, without the semantic rule (no vectors here). */
    private static FilterRules rules(Map<String, String> values) {
        Map<String, String> all = new HashMap<>(Map.of("filter.semantic-duplicate.enabled", "false"));
        all.putAll(values);
        return FilterRules.from(ConfigSource.ofValues(all));
    }

    @Test
    void aCandidateQuotingAGsm8kQuestionIsRejectedNamingTheSetItemAndSpan() {
        // Given the default rules
        PoolJudge judge = new PoolJudge(rules(Map.of()));

        // When a candidate asks to solve GSM8K's first question
        PoolJudge.Judgement judgement = judge.judge("Solve the following word problem. " + JANET);

        // Then it is rejected by the contamination rule, which says where the quote is from
        assertThat(judgement).isInstanceOf(PoolJudge.Judgement.Fail.class);
        Violation violation = ((PoolJudge.Judgement.Fail) judgement).violation();
        assertThat(violation.rule()).isEqualTo("benchmark-contamination");
        assertThat(violation.evalSet()).contains("gsm8k");
        assertThat(violation.detail()).contains("instruction quotes gsm8k item line 1").contains("Janet’s ducks lay");
        assertThat(violation.score().getAsDouble()).isGreaterThanOrEqualTo(13);
        assertThat(violation.threshold().getAsDouble()).isEqualTo(13);
    }

    @Test
    void aQuoteInACarriedInputIsFoundToo() {
        PoolJudge judge = new PoolJudge(rules(Map.of()));

        PoolJudge.Judgement judgement = judge.judge(PoolJudge.Text.of("Answer the question in the input.")
                .withInputs(List.of(JANET)));

        assertThat(judgement).isInstanceOfSatisfying(PoolJudge.Judgement.Fail.class, fail ->
                assertThat(fail.violation().detail()).startsWith("the input quotes gsm8k"));
        assertThat(judge.judge("Answer the question in the input.")).isInstanceOf(PoolJudge.Judgement.Pass.class);
    }

    @Test
    void anOutputReproducingAHumanEvalSolutionIsDroppedAtTheResponseStage() {
        FilterRules rules = rules(Map.of());

        ResponseJudgement judgement = rules.judgeResponse(response(
                instance("", "def has_close_elements(numbers, threshold):\n" + HAS_CLOSE_ELEMENTS),
                instance("", "Loop over every pair of numbers and compare their distance with the threshold.")));

        assertThat(judgement.dropped()).hasSize(1);
        assertThat(judgement.dropped().get(0).violation().rule()).isEqualTo("benchmark-contamination");
        assertThat(judgement.dropped().get(0).violation().detail()).startsWith("the output quotes humaneval item "
                + "HumanEval/0");
        assertThat(judgement.kept()).hasSize(1);
    }

    @Test
    void innocentTasksPass() {
        PoolJudge judge = new PoolJudge(rules(Map.of()));

        assertThat(judge.judge("Write a haiku about ducks laying eggs at a farmers' market."))
                .isInstanceOf(PoolJudge.Judgement.Pass.class);
    }

    @Test
    void offInThePublishedPresetsOnInTheDefault() {
        assertThat(rules(Map.of()).contamination()).isPresent();
        assertThat(rules(Map.of("filter.preset", "self-instruct")).contamination()).isEmpty();
        assertThat(rules(Map.of("filter.preset", "alpaca")).contamination()).isEmpty();
    }

    @Test
    void theConfigurationVersionChangesWithTheEvalSetsAndWithAFilesContents() throws IOException {
        Path file = directory.resolve("mine.jsonl");
        Files.writeString(file,
                "{\"id\": 1, \"q\": \"What is the airspeed velocity of an unladen swallow in summer?\"}\n");
        Map<String, String> shipped = Map.of(
                "filter.benchmark-contamination.eval-sets", "gsm8k");
        Map<String, String> mine = Map.of(
                "filter.benchmark-contamination.eval-sets", "gsm8k," + file);

        String before = rules(mine).version();
        Files.writeString(file, "{\"id\": 1, \"q\": \"What is the airspeed velocity of a laden swallow in winter?\"}\n");
        String after = rules(mine).version();

        assertThat(rules(shipped).version()).isNotEqualTo(before);
        assertThat(after).isNotEqualTo(before);
        assertThat(rules(mine).description()).contains("eval-sets=gsm8k:").contains(",mine:");
    }

    @Test
    void aBadEvalSetIsAnErrorAtStartNamingTheKey() {
        assertThatThrownBy(() -> rules(Map.of(
                "filter.benchmark-contamination.eval-sets", "gsm8k,mmlu")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("filter.benchmark-contamination.eval-sets")
                .hasMessageContaining("unknown eval set 'mmlu'");
        assertThatThrownBy(() -> rules(Map.of(
                "filter.benchmark-contamination.eval-sets", " ")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("no eval set named");
        assertThatThrownBy(() -> rules(Map.of(
                "filter.benchmark-contamination.span", "5")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("filter.benchmark-contamination.*")
                .hasMessageContaining("span");
    }

    @Test
    void quotesAreLookedForOnlyAfterTheTextRules() {
        FilterRules rules = rules(Map.of());

        Optional<Violation> violation = rules.checkInstruction("Write a program to solve this. " + JANET);

        assertThat(violation).hasValueSatisfying(found -> assertThat(found.rule()).isEqualTo("write-a-program"));
    }
}
