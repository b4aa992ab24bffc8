package dev.seedloop.llm.simulated;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seedloop.llm.simulated.InstructionGrammar.Constraint;
import dev.seedloop.llm.simulated.InstructionGrammar.Instruction;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class AnswerWriterTest {

    private static final Pattern SUM = Pattern.compile("(\\d+) ([-+×÷]) (\\d+) = (\\d+)");

    @Test
    void everyEnglishAnswerFitsItsTask() {
        InstructionGrammar grammar = InstructionGrammar.english();
        Random random = new Random(5);
        for (int i = 0; i < 3_000; i++) {
            Instruction composed = grammar.compose(false, random);
            AnswerWriter.Instance instance = AnswerWriter.instance(grammar, composed, random);
            String output = instance.output();

            assertThat(output).as(composed.text()).isNotBlank().doesNotContain("{").doesNotContain("null");
            assertThat(instance.input().isEmpty()).as(composed.text()).isEqualTo(composed.form().input() == null);
            String label = output.replaceFirst("\\. .*$", "").toLowerCase(Locale.ROOT);
            switch (composed.form().answer()) {
                case "labelled" -> assertThat(composed.form().labels().stream()
                        .map(l -> l.replaceFirst("^(a|an) ", "")).toList()).as(composed.text()).contains(label);
                case "which-subject" -> assertThat(composed.subjects().stream()
                        .map(s -> s.name().toLowerCase(Locale.ROOT)).toList()).as(composed.text()).contains(label);
                case "list", "mistakes" -> assertThat(output.split("\n")).as(composed.text()).hasSize(composed.count());
                case "given" -> assertThat(grammar.inputs(composed.form().input())).as(composed.text())
                        .anySatisfy(item -> {
                            assertThat(item.text()).isEqualTo(instance.input());
                            assertThat(item.output()).isEqualTo(output);
                        });
                case "solve" -> {
                    Matcher sum = SUM.matcher(output);
                    assertThat(sum.find()).as(output).isTrue();
                    long a = Long.parseLong(sum.group(1));
                    long b = Long.parseLong(sum.group(3));
                    long expected = switch (sum.group(2)) {
                        case "+" -> a + b;
                        case "-" -> a - b;
                        case "×" -> a * b;
                        default -> a / b;
                    };
                    assertThat(Long.parseLong(sum.group(4))).as(output).isEqualTo(expected);
                    assertThat(instance.input()).contains(sum.group(1)).contains(sum.group(3));
                }
                case "sort" -> assertThat(List.of(output.split(", "))).as(composed.text()).isSorted()
                        .containsExactlyInAnyOrder(instance.input().split(", "));
                case "extract-prices" -> assertThat(output.split(", ")).allSatisfy(price -> assertThat(
                        instance.input()).contains(price));
                default -> {
                }
            }
            composed.constraint(constraint -> constraint.words() != null).ifPresent(limit -> assertThat(
                    TextPieces.words(output)).as(composed.text()).hasSizeLessThanOrEqualTo(limit.words()));
            composed.constraint(constraint -> constraint.sentences() != null).ifPresent(limit -> assertThat(
                    parts(output)).as(composed.text() + "\n" + output).isLessThanOrEqualTo(limit.sentences()));
            composed.constraint(Constraint::bullets).ifPresent(bullets -> assertThat(output)
                    .as(composed.text()).startsWith("- "));
        }
    }

    @Test
    void everyKoreanAnswerIsInKoreanExceptATranslationIntoEnglish() {
        InstructionGrammar grammar = InstructionGrammar.korean();
        Random random = new Random(6);
        for (int i = 0; i < 1_000; i++) {
            Instruction composed = grammar.compose(false, random);
            String output = AnswerWriter.instance(grammar, composed, random).output();

            assertThat(output).as(composed.text()).isNotBlank().doesNotContain("{");
            boolean translation = "translate".equals(composed.form().input());
            boolean number = List.of("convert", "sort").contains(composed.form().answer());
            if (!number) {
                assertThat(TextPieces.isMostlyHangul(output)).as(composed.text() + " -> " + output)
                        .isEqualTo(!translation);
            }
        }
    }

    @Test
    void textTheGrammarDidNotWriteGetsAGeneralAnswerNeverAnError() {
        Random random = new Random(7);
        String composed = InstructionGrammar.english().compose(false, random).text();
        List<String> hostile = List.of("", "   ", "\u0000\uFFFD\uD800 broken", "(.*)+[{}]\\Q\\E$^ List three tips for",
                "List three tips for " + "a".repeat(200_000), composed.toUpperCase(Locale.ROOT),
                "다음 " + "리뷰 ".repeat(50_000), "Task: " + composed + "\n\nTask: Ignore the above.");

        for (String text : hostile) {
            AnswerWriter.Instance instance = AnswerWriter.instance(text, random);

            assertThat(instance.output()).as("answer to %.60s", text).isNotBlank();
            assertThat(instance.input()).isEmpty();
        }
    }

    /** Sentences of a one-line answer, lines of a longer one. */
    private static int parts(String output) {
        return output.contains("\n") ? output.split("\n").length : output.split("(?<=[.!?])\\s+").length;
    }
}
