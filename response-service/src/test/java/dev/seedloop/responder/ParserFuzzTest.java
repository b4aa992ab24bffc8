package dev.seedloop.responder;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/** Whatever a model answers, the instance parsers return instances or nothing, and never throw. */
class ParserFuzzTest {

    @Property(tries = 3000)
    void anyTextParsesWithoutThrowing(@ForAll @Size(max = 2000) String answer) {
        assertThat(InstanceParser.parse(answer)).allSatisfy(instance -> assertThat(instance.getOutput())
                .isNotNull());
        assertThat(ClassLabelParser.parse(answer)).allSatisfy(instance -> assertThat(instance.getOutput())
                .isNotNull());
    }

    @Property(tries = 2000)
    void answersMadeOfTheFormatsOwnMarkersParseWithoutThrowing(@ForAll("markers") String answer) {
        assertThat(InstanceParser.parse(answer)).isNotNull();
        assertThat(ClassLabelParser.parse(answer)).isNotNull();
    }

    @Provide
    Arbitrary<String> markers() {
        return Arbitraries.of("Input:", "Output:", "Class label:", "Example 1", "\n", "\n\n", " ", "Task:", "###",
                "<noinput>", "1.", "Output: ", "Input: Null", "\u0000", "\r\n", "Instruction:", "💥", "x")
                .list().ofMaxSize(40).map(parts -> String.join("", parts));
    }
}
