package dev.seedloop.generator;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/** Whatever a model answers, the task-list parsers return tasks or nothing, and never throw. */
class ParserFuzzTest {

    @Property(tries = 3000)
    void anyTextParsesWithoutThrowing(@ForAll @Size(max = 2000) String answer, @ForAll boolean truncated) {
        assertThat(TaskListParser.parse(answer, truncated)).isNotNull();
        assertThat(AlpacaBatchParser.parse(answer, truncated, 4)).isNotNull();
    }

    @Property(tries = 2000)
    void answersMadeOfTheFormatsOwnMarkersParseWithoutThrowing(@ForAll("markers") String answer,
            @ForAll boolean truncated) {
        assertThat(TaskListParser.parse(answer, truncated)).isNotNull();
        assertThat(AlpacaBatchParser.parse(answer, truncated, 1)).isNotNull();
    }

    @Provide
    Arbitrary<String> markers() {
        return Arbitraries.of("Task 9:", "9.", "10.", "###", "\n", "Instruction:", "Input:", "Output:", "<noinput>",
                " ", "Task", ":", "\u0000", "\r\n", "1", "Write a program", "💥")
                .list().ofMaxSize(40).map(parts -> String.join("", parts));
    }
}
