package dev.seedloop.runtime.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ServiceRunnerTest {

    @Test
    void aStageAloneTakesNoArgumentsOrItsOwnNameAndSaysWhatToDoWithAnythingElse() {
        assertThat(ServiceRunner.acceptsArguments("filter", new String[0])).isTrue();
        assertThat(ServiceRunner.acceptsArguments("filter", new String[] {"filter"})).isTrue();

        PrintStream err = System.err;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setErr(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            assertThat(ServiceRunner.acceptsArguments("filter", new String[] {"demo", "--examples", "5"})).isFalse();
        } finally {
            System.setErr(err);
        }
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("the filter stage alone")
                .contains("not 'demo --examples 5'").contains("seedloop config filter");
    }
}
