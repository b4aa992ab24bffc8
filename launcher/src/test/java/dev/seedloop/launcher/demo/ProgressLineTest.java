package dev.seedloop.launcher.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProgressLineTest {

    private final LoopStats stats = new LoopStats(1588, 175, 0, 1413, 2068, 358, 330, 300, 296,
            Map.of("near-duplicate", 1000L, "word-count", 50L, "truncated", 40L, "keyword-blacklist", 30L),
            Map.of("INSTRUCTION", 1080L, "RESPONSE", 40L), 0, 0);

    @Test
    void aLineNeverReachesTheLastColumnWhateverTheWidth() {
        for (int width = 20; width <= 300; width++) {
            String line = ProgressLine.render(stats, 3000, Duration.ofSeconds(31), width);

            assertThat(line.length()).as("width %d: %s", width, line).isLessThan(width);
            assertThat(line).startsWith("[31s] ");
        }
    }

    @Test
    void theMostImportantFiguresComeFirstAndReasonsFillWhatIsLeft() {
        assertThat(ProgressLine.render(stats, 3000, Duration.ofSeconds(31), 20)).isEqualTo("[31s] 296/3000");
        assertThat(ProgressLine.render(stats, 3000, Duration.ofSeconds(31), 40))
                .isEqualTo("[31s] examples 296/3000 | pool 1588");
        assertThat(ProgressLine.render(stats, 3000, Duration.ofSeconds(31), 80))
                .isEqualTo("[31s] examples 296/3000 | pool 1588 | candidates 2068 | accepted 358 (17%)");
        assertThat(ProgressLine.render(stats, 3000, Duration.ofSeconds(31), 120)).isEqualTo("[31s] examples "
                + "296/3000 | pool 1588 | candidates 2068 | accepted 358 (17%) | rejected near-duplicate 1000, ...");
        assertThat(ProgressLine.render(stats, 3000, Duration.ofSeconds(31), 400)).endsWith("rejected "
                + "near-duplicate 1000, word-count 50, truncated 40, keyword-blacklist 30");
    }
}
