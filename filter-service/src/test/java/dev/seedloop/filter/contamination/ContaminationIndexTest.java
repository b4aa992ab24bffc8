package dev.seedloop.filter.contamination;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seedloop.runtime.config.ConfigException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ContaminationIndexTest {

    private static final ContaminationIndex.Settings DEFAULTS = new ContaminationIndex.Settings(8, 13, 6, 5);
    private static final String JANET = "Janet’s ducks lay 16 eggs per day. She eats three for breakfast every "
            + "morning and bakes muffins for her friends every day with four. She sells the remainder at the farmers' "
            + "market daily for $2 per fresh duck egg. How much in dollars does she make every day at the farmers' "
            + "market?";

    private static ContaminationIndex index(ContaminationIndex.Settings settings, EvalSet... sets) {
        return new ContaminationIndex(List.of(sets), settings);
    }

    private static EvalSet set(String name, String... texts) {
        List<EvalSet.Item> items = new ArrayList<>();
        for (int i = 0; i < texts.length; i++) {
            items.add(new EvalSet.Item(name + "-" + i, List.of(texts[i])));
        }
        return new EvalSet(name, "test", items);
    }

    @Test
    void aVerbatimQuoteInsideOtherTextIsFoundWithItsSetItemAndSpan() {
        // Given GSM8K's first test question
        ContaminationIndex index = index(DEFAULTS, set("gsm8k", JANET));

        // When a candidate quotes it after a prefix
        Optional<ContaminationIndex.Match> match = index.find("Solve this: " + JANET + " Show your work.");

        // Then the match names the set, the item and the quoted text, not the prefix
        assertThat(match).isPresent();
        assertThat(match.get().evalSet()).isEqualTo("gsm8k");
        assertThat(match.get().itemId()).isEqualTo("gsm8k-0");
        assertThat(match.get().span()).startsWith("Janet’s ducks lay 16 eggs").doesNotContain("Solve this");
        assertThat(match.get().tokens()).isGreaterThanOrEqualTo(13);
    }

    @Test
    void caseQuotesPunctuationAndSpacingDoNotHideAQuote() {
        ContaminationIndex index = index(DEFAULTS, set("gsm8k", JANET));

        String reformatted = "JANETS ducks lay 16 eggs per day;  she eats THREE for breakfast\nevery morning, and "
                + "bakes muffins for her friends every day with four!";

        assertThat(index.find(reformatted)).isPresent();
    }

    @Test
    void aQuoteWithAWordChangedHereAndThereIsFoundFromItsShorterRuns() {
        ContaminationIndex index = index(DEFAULTS, set("gsm8k", JANET));

        // two runs of more than 8 tokens either side of a changed word: 13 or more tokens covered
        String edited = "Janet's ducks lay 16 eggs per day. She eats two for breakfast every morning and bakes "
                + "muffins for her friends";

        assertThat(index.find(edited)).isPresent();
    }

    @Test
    void oneShortSharedRunIsNotAQuote() {
        ContaminationIndex index = index(DEFAULTS, set("gsm8k", JANET));

        // 9 shared tokens ("she sells the remainder at the farmers market daily"): fewer than 13
        assertThat(index.find("At noon she sells the remainder at the farmers' market daily, then rests."))
                .isEmpty();
    }

    @Test
    void anEvalTextShorterThanTheNgramIsFoundWhenItAppearsWhole() {
        // Given a Vicuna-style question of 7 tokens
        ContaminationIndex index = index(DEFAULTS, set("vicuna-bench", "How can I improve my sleep?",
                "What are the most effective ways to deal with stress?"));

        // Then it is found whole, and not from a part of it
        assertThat(index.find("Question: how can I improve my sleep? Please answer briefly."))
                .hasValueSatisfying(match -> assertThat(match.itemId()).isEqualTo("vicuna-bench-0"));
        assertThat(index.find("How can I improve my garden?")).isEmpty();
        // and one of 10 tokens (at least the n-gram, under the span) needs to appear whole too
        assertThat(index.find("What are the most effective ways to deal with stress?")).isPresent();
        assertThat(index.find("What are the most effective ways to deal with it")).isEmpty();
    }

    @Test
    void stringsShorterThanTheMinimumAreNotEvalText() {
        // Given an item whose only long string is its question; its answer "18" is too short to mean anything
        EvalSet set = new EvalSet("gsm8k", "test", List.of(new EvalSet.Item("1", List.of(JANET, "#### 18"))));
        ContaminationIndex index = index(DEFAULTS, set);

        assertThat(index.find("The answer is 18")).isEmpty();
    }

    @Test
    void anNgramSharedByManyItemsIsBoilerplateAndMatchesNothing() {
        // Given six items that all end with the same instruction sentence
        String shared = "Let's think step by step and write the final answer after four hashes.";
        List<String> texts = new ArrayList<>();
        String[] problems = {"A farmer grows apples on a hill and picks forty of them every single morning.",
            "Tom reads twelve pages of his history book before dinner on each school night.",
            "A baker sells bread rolls in boxes of six to the cafe across the busy street.",
            "Lena swims three lengths of the pool more than her brother does every Sunday.",
            "A train leaves the northern station at noon carrying two hundred tired passengers.",
            "The garden club plants tulips in nine long rows along the edge of the park."};
        for (String problem : problems) {
            texts.add(problem + " " + shared);
        }
        ContaminationIndex index = index(DEFAULTS, set("maths", texts.toArray(String[]::new)));

        // Then quoting the shared sentence is not contamination, quoting one item still is
        assertThat(index.boilerplate()).isPositive();
        assertThat(index.find(shared)).isEmpty();
        assertThat(index.find("Tom reads twelve pages of his history book before dinner on each school night."))
                .hasValueSatisfying(match -> assertThat(match.itemId()).isEqualTo("maths-1"));
    }

    @Test
    void numbersAndSingleLettersAloneAreNotAQuote() {
        ContaminationIndex index = index(DEFAULTS, set("humaneval",
                "def triangle(a, b, c):\n    if a + b <= c or a + c <= b or b + c <= a:\n        return -1\n"
                        + "    return 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16"));

        assertThat(index.find("Count: 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16")).isEmpty();
        assertThat(index.find("check if a + b <= c or a + c <= b or b + c <= a then")).isEmpty();
    }

    @Test
    void koreanIsComparedAtAll() {
        String question = "민수는 사과 12개를 가지고 있었고 친구에게 5개를 주었습니다. 민수에게 남은 사과는 몇 개입니까?";
        ContaminationIndex index = index(DEFAULTS, set("ko-math", question));

        assertThat(index.find("다음 문제를 풀어 보세요: " + question)).isPresent();
        assertThat(index.find("민수는 배 3개를 샀습니다. 남은 배는 몇 개입니까?")).isEmpty();
    }

    @Test
    void chineseCharactersAreWordsNotNoise() {
        String question = "小明有十二个苹果，他给了朋友五个，请问小明还剩下几个苹果？";
        ContaminationIndex index = index(DEFAULTS, set("zh-math", question));

        assertThat(index.find("请回答：" + question)).isPresent();
    }

    @Test
    void everyQuotedItemIsListedOnceInTheOrderItIsReached() {
        ContaminationIndex index = index(DEFAULTS, set("vicuna-bench", "How can I improve my time management skills?",
                "What are the most effective ways to deal with stress?"));

        List<ContaminationIndex.Match> matches = index.matches("What are the most effective ways to deal with "
                + "stress? And how can I improve my time management skills? What are the most effective ways to "
                + "deal with stress?");

        assertThat(matches).extracting(ContaminationIndex.Match::itemId)
                .containsExactly("vicuna-bench-1", "vicuna-bench-0");
    }

    @Test
    void aSetWithNoUsableTextIsAnErrorNotAnEmptyRule() {
        EvalSet labels = new EvalSet("labels", "labels.jsonl", List.of(new EvalSet.Item("1", List.of("yes")),
                new EvalSet.Item("2", List.of("no way"))));

        assertThatThrownBy(() -> index(DEFAULTS, labels)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("labels.jsonl").hasMessageContaining("no string of at least 6 tokens");
    }

    @Test
    void settingsThatCannotWorkAreRefused() {
        assertThatThrownBy(() -> new ContaminationIndex.Settings(8, 5, 6, 5)).hasMessageContaining("span");
        assertThatThrownBy(() -> new ContaminationIndex.Settings(1, 13, 1, 5)).hasMessageContaining("n-gram");
        assertThatThrownBy(() -> new ContaminationIndex.Settings(8, 13, 9, 5)).hasMessageContaining("shortest");
        assertThatThrownBy(() -> new ContaminationIndex.Settings(8, 13, 6, 0)).hasMessageContaining("at least one");
    }
}
