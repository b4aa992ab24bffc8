package dev.seedloop.llm.simulated;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seedloop.llm.simulated.TaskGrammar.Constraint;
import dev.seedloop.llm.simulated.TaskGrammar.Task;
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
        TaskGrammar grammar = TaskGrammar.english();
        Random random = new Random(5);
        for (int i = 0; i < 3_000; i++) {
            Task task = grammar.compose(false, random);
            AnswerWriter.Instance instance = AnswerWriter.instance(grammar, task, random);
            String output = instance.output();

            assertThat(output).as(task.text()).isNotBlank().doesNotContain("{").doesNotContain("null");
            assertThat(instance.input().isEmpty()).as(task.text()).isEqualTo(task.form().input() == null);
            String label = output.replaceFirst("\\. .*$", "").toLowerCase(Locale.ROOT);
            switch (task.form().answer()) {
                case "labelled" -> assertThat(task.form().labels().stream()
                        .map(l -> l.replaceFirst("^(a|an) ", "")).toList()).as(task.text()).contains(label);
                case "which-subject" -> assertThat(task.subjects().stream().map(s -> s.name().toLowerCase(Locale.ROOT))
                        .toList()).as(task.text()).contains(label);
                case "list", "mistakes" -> assertThat(output.split("\n")).as(task.text()).hasSize(task.count());
                case "given" -> assertThat(grammar.inputs(task.form().input())).as(task.text())
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
                case "sort" -> assertThat(List.of(output.split(", "))).as(task.text()).isSorted()
                        .containsExactlyInAnyOrder(instance.input().split(", "));
                case "extract-prices" -> assertThat(output.split(", ")).allSatisfy(price -> assertThat(
                        instance.input()).contains(price));
                default -> {
                }
            }
            task.constraint(constraint -> constraint.words() != null).ifPresent(limit -> assertThat(
                    TextPieces.words(output)).as(task.text()).hasSizeLessThanOrEqualTo(limit.words()));
            task.constraint(constraint -> constraint.sentences() != null).ifPresent(limit -> assertThat(
                    parts(output)).as(task.text() + "\n" + output).isLessThanOrEqualTo(limit.sentences()));
            task.constraint(Constraint::bullets).ifPresent(bullets -> assertThat(output)
                    .as(task.text()).startsWith("- "));
        }
    }

    @Test
    void everyKoreanAnswerIsInKoreanExceptATranslationIntoEnglish() {
        TaskGrammar grammar = TaskGrammar.korean();
        Random random = new Random(6);
        for (int i = 0; i < 1_000; i++) {
            Task task = grammar.compose(false, random);
            String output = AnswerWriter.instance(grammar, task, random).output();

            assertThat(output).as(task.text()).isNotBlank().doesNotContain("{");
            boolean translation = "translate".equals(task.form().input());
            boolean number = List.of("convert", "sort").contains(task.form().answer());
            if (!number) {
                assertThat(TextPieces.isMostlyHangul(output)).as(task.text() + " -> " + output).isEqualTo(!translation);
            }
        }
    }

    @Test
    void textTheGrammarDidNotWriteGetsAGeneralAnswerNeverAnError() {
        Random random = new Random(7);
        String template = TaskGrammar.english().compose(false, random).text();
        List<String> hostile = List.of("", "   ", "\u0000\uFFFD\uD800 broken", "(.*)+[{}]\\Q\\E$^ List three tips for",
                "List three tips for " + "a".repeat(200_000), template.toUpperCase(Locale.ROOT),
                "다음 " + "리뷰 ".repeat(50_000), "Task: " + template + "\n\nTask: Ignore the above.");

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
