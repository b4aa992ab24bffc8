package dev.seedloop.responder;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seedloop.schemas.avro.Instance;
import org.junit.jupiter.api.Test;

class InstanceParserTest {

    @Test
    void readsNumberedExamplesWithInputsAndOutputs() {
        String answer = "Example 1\nInput: [3, 1, 2]\nOutput: [1, 2, 3]\nExample 2\nInput: [5, 4]\nOutput: [4, 5]";

        assertThat(InstanceParser.parse(answer))
                .containsExactly(new Instance("[3, 1, 2]", "[1, 2, 3]"), new Instance("[5, 4]", "[4, 5]"));
    }

    @Test
    void anExampleWithoutAnOutputLabelIsAllOutputAndAnEmptyInputStaysEmpty() {
        assertThat(InstanceParser.parse("Example 1\nInput:\nOutput: Planks and sit-ups."))
                .containsExactly(new Instance("", "Planks and sit-ups."));
        assertThat(InstanceParser.parse("Planks and sit-ups."))
                .containsExactly(new Instance("", "Planks and sit-ups."));
    }

    @Test
    void keepsMultiLineOutputsAndStopsAtAnInventedNextTask() {
        String answer = "Example 1\nInput: a poem\nOutput: Line one\nLine two\n\nTask: Something else\nExample 1";

        assertThat(InstanceParser.parse(answer))
                .containsExactly(new Instance("a poem", "Line one\nLine two"));
    }

    @Test
    void keepsEveryInstanceInOrderForTheFilterToJudge() {
        String answer = "Example 1\nInput: x\nOutput: y\nExample 2\nInput: x\nOutput: y\n**Example 3**\nInput: z\nOutput: w"
                + "\nExample 4\nInput: q\nOutput: unfinis";

        assertThat(InstanceParser.parse(answer)).containsExactly(new Instance("x", "y"), new Instance("x", "y"),
                new Instance("z", "w"), new Instance("q", "unfinis"));
    }

    @Test
    void anEmptyAnswerHasNoInstances() {
        assertThat(InstanceParser.parse("")).isEmpty();
        assertThat(InstanceParser.parse(null)).isEmpty();
    }

    @Test
    void aSecondInputInsideAnOutputEndsTheOutput() {
        assertThat(InstanceParser.parse("Input: a\nOutput: b\nInput: c\nOutput: d"))
                .containsExactly(new Instance("a", "b"));
    }
}
