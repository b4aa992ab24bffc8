package dev.seedloop.responder;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seedloop.testkit.Fuzz;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Whatever a model answers, the instance parsers return instances or nothing, and never throw. */
class ParserFuzzTest {

    private static final List<String> MARKERS = List.of("Input:", "Output:", "Class label:", "Example 1", "\n",
            "\n\n", " ", "Task:", "###", "<noinput>", "1.", "Output: ", "Input: Null", "\u0000", "\r\n",
            "Instruction:", "💥", "x");

    @Test
    void anyTextParsesWithoutThrowing() {
        Fuzz.check(3000, 5, random -> Fuzz.text(random, 2000), ParserFuzzTest::parses);
    }

    @Test
    void answersMadeOfTheFormatsOwnMarkersParseWithoutThrowing() {
        Fuzz.check(3000, 6, random -> Fuzz.join(random, MARKERS, 40), ParserFuzzTest::parses);
    }

    private static void parses(String answer) {
        assertThat(InstanceParser.parse(answer)).allSatisfy(instance -> assertThat(instance.getOutput())
                .isNotNull());
        assertThat(ClassLabelParser.parse(answer)).allSatisfy(instance -> assertThat(instance.getOutput())
                .isNotNull());
    }
}
