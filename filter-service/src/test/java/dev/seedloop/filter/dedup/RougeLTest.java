package dev.seedloop.filter.dedup;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.seedloop.testkit.SharedData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RougeLTest {

    @Test
    void reproducesEveryReferenceValueOfTheRougeScoreLibraryExactly() throws IOException {
        // Given the values rouge_score computed (target = new instruction, prediction = pool instruction)
        List<String> lines = Files.readAllLines(SharedData.file("rouge_reference_dev/rouge_reference_scores.tsv"),
                StandardCharsets.UTF_8);
        List<String> mismatches = new ArrayList<>();
        int checked = 0;

        // When each pair is scored
        for (String line : lines) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            String[] columns = line.split("\t");
            String target = SharedData.jsonString(columns[1]);
            String prediction = SharedData.jsonString(columns[2]);
            double expected = Double.parseDouble(columns[3]);
            double actual = RougeL.score(target, prediction);
            checked++;
            if (Double.compare(actual, expected) != 0) {
                mismatches.add(target + " | " + prediction + ": expected " + expected + " got " + actual);
            }
        }

        // Then every double is equal, bit for bit
        assertThat(checked).isEqualTo(540);
        assertThat(mismatches).isEmpty();
    }

    @Test
    void reproducesTheMostSimilarScoresOfARealSelfInstructRun() {
        List<String> mismatches = new ArrayList<>();
        int checked = 0;
        for (JsonNode line : SharedData.jsonLines("rouge_reference_dev/mgi_maulikmadhavi_1.jsonl")) {
            String instruction = line.get("instruction").asText();
            for (Map.Entry<String, JsonNode> entry : line.get("most_similar").properties()) {
                double actual = RougeL.score(instruction, entry.getKey());
                checked++;
                if (Double.compare(actual, entry.getValue().asDouble()) != 0) {
                    mismatches.add(instruction + " | " + entry.getKey());
                }
            }
        }

        assertThat(checked).isEqualTo(540);
        assertThat(mismatches).isEmpty();
    }

    @Test
    void theOperationOrderPutsAPaperTieAboveTheThreshold() {
        // L = 7, m = 10, n = 10 is exactly 0.7 on paper; rouge_score's order gives the next double up
        assertThat(RougeL.fMeasure(7, 10, 10)).isEqualTo(0.7);
        assertThat(RougeL.fMeasure(7, 9, 11)).isEqualTo(0.7000000000000001).isGreaterThan(0.7);
        assertThat(RougeL.fMeasure(7, 11, 9)).isEqualTo(RougeL.fMeasure(7, 9, 11));
    }

    @Test
    void aScoreIsSymmetricAndZeroWithoutCommonTokens() {
        assertThat(RougeL.score("Write a poem about the sea.", "Compose a haiku about autumn leaves"))
                .isEqualTo(RougeL.score("Compose a haiku about autumn leaves", "Write a poem about the sea."));
        assertThat(RougeL.score("alpha beta", "gamma delta")).isZero();
        assertThat(RougeL.score("", "gamma delta")).isZero();
        assertThat(RougeL.score("!!!", "???")).isZero();
    }

    @Test
    void onAsciiTextTheTokenizerIsRougeScoresDefaultTokenizer() {
        // Given every English instruction of the shared data and random ASCII noise
        List<String> texts = new ArrayList<>();
        texts.addAll(SharedData.field("alpaca_5000.jsonl", "instruction"));
        texts.addAll(SharedData.field("seed_tasks.jsonl", "instruction"));
        texts.addAll(SharedData.field("wizardlm_testset.jsonl", "Instruction"));
        Random random = new Random(42);
        for (int i = 0; i < 5000; i++) {
            char[] chars = new char[random.nextInt(60)];
            for (int j = 0; j < chars.length; j++) {
                chars[j] = (char) (random.nextInt(95) + 32);
            }
            texts.add(new String(chars));
        }

        // When / Then both tokenizers agree on every ASCII text
        int compared = 0;
        for (String text : texts) {
            if (text.chars().allMatch(c -> c < 0x80)) {
                assertThat(RougeTokenizer.tokenize(text)).as(text).isEqualTo(rougeScoreTokenize(text));
                compared++;
            }
        }
        assertThat(compared).isGreaterThan(9000);
    }

    @Test
    void koreanKeepsItsWordsAndHanKanaAndThaiSplitIntoCharacters() {
        assertThat(RougeTokenizer.tokenize("주어진 문장을 간결하게 다시 쓰세요."))
                .containsExactly("주어진", "문장을", "간결하게", "다시", "쓰세요");
        assertThat(RougeTokenizer.tokenize("写一首诗")).containsExactly("写", "一", "首", "诗");
        assertThat(RougeTokenizer.tokenize("テストをかく")).containsExactly("テ", "ス", "ト", "を", "か", "く");
        assertThat(RougeTokenizer.tokenize("GPT-4で翻訳")).containsExactly("gpt", "4", "で", "翻", "訳");
        assertThat(RougeTokenizer.tokenize("café naïve")).containsExactly("café", "naïve");
    }

    @Test
    void identicalKoreanInstructionsScoreOneWhereTheReferenceTokenizerSeesNothing() {
        String korean = "주어진 문장이 너무 많은 단어를 사용합니다. 문장을 다시 쓰세요.";

        assertThat(rougeScoreTokenize(korean)).isEmpty();
        assertThat(RougeL.score(korean, korean)).isEqualTo(1.0);
    }

    @Test
    void bothLcsImplementationsAgreeOnRandomSequences() {
        Random random = new Random(1);
        for (int round = 0; round < 2000; round++) {
            int[] a = random.ints(random.nextInt(30), 0, 8).toArray();
            int[] b = random.ints(random.nextInt(30), 0, 8).toArray();
            List<Integer> listA = Arrays.stream(a).boxed().toList();
            List<Integer> listB = Arrays.stream(b).boxed().toList();
            assertThat(RougeL.lcs(a, b)).isEqualTo(RougeL.lcs(listA, listB));
        }
    }

    /** rouge_score's default tokenizer, transcribed: lower, [^a-z0-9]+ to space, split, keep ^[a-z0-9]+$. */
    static List<String> rougeScoreTokenize(String text) {
        String replaced = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", " ");
        return Arrays.stream(replaced.split("\\s+")).filter(token -> token.matches("^[a-z0-9]+$")).toList();
    }
}
