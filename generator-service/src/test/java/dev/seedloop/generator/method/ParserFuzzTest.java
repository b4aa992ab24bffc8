package dev.seedloop.generator.method;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seedloop.testkit.Fuzz;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Whatever a model answers, the task-list parsers return tasks or nothing, and never throw. */
class ParserFuzzTest {

    private static final List<String> MARKERS = List.of("Task 9:", "9.", "10.", "###", "\n", "Instruction:",
            "Input:", "Output:", "<noinput>", " ", "Task", ":", "\u0000", "\r\n", "1", "Write a program", "💥");

    @Test
    void anyTextParsesWithoutThrowing() {
        Fuzz.check(3000, 7, random -> Fuzz.text(random, 2000), ParserFuzzTest::parses);
    }

    @Test
    void answersMadeOfTheFormatsOwnMarkersParseWithoutThrowing() {
        Fuzz.check(3000, 8, random -> Fuzz.join(random, MARKERS, 40), ParserFuzzTest::parses);
    }

    private static void parses(String answer) {
        for (boolean truncated : new boolean[] {false, true}) {
            assertThat(TaskListParser.parse(answer, truncated)).isNotNull();
            assertThat(AlpacaBatchParser.parse(answer, truncated, 4)).isNotNull();
        }
    }
}
