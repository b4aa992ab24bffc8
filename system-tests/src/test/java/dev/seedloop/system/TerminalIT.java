package dev.seedloop.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo in a real 80 x 24 terminal (tmux), as a new user sees it: the progress stays on one line that fits, and
 * no log line reaches the screen. Needs tmux (.ci/run installs it); skipped, saying so, without it.
 */
@Timeout(300)
class TerminalIT {

    private static final Path JAR = Path.of("..", "launcher", "target", "seedloop.jar");
    /** What a log line, a stack trace or an exception looks like on a screen. */
    private static final Pattern LOG_LINE = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d|\\b(INFO|WARN|WARNING"
            + "|ERROR|DEBUG)\\b|^\\s+at [a-z]|Exception|SLF4J|log4j");

    @TempDir
    Path work;

    @Test
    void theProgressIsOneLineThatFitsEightyColumnsAndNoLogLineReachesTheScreen() throws Exception {
        assumeTrue(installed("tmux"), "tmux is not installed (.ci/run installs it): the terminal test is skipped");
        String session = "seedloop-terminal-" + ProcessHandle.current().pid();
        String demo = "env -u OPENAI_API_KEY -u OPENAI_BASE_URL " + Path.of(System.getProperty("java.home"), "bin",
                "java") + " -Xmx512m -jar " + JAR.toAbsolutePath() + " demo --examples 60 --data-dir " + work.resolve(
                "data") + "; echo EXITED=$?; sleep 60";
        run("tmux", "new-session", "-d", "-s", session, "-x", "80", "-y", "24", "bash -c '" + demo + "'");
        List<String> screens = new ArrayList<>();
        try {
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            String screen = "";
            while (!screen.contains("EXITED=") && System.nanoTime() < deadline) {
                Thread.sleep(300);
                screen = run("tmux", "capture-pane", "-p", "-t", session);
                screens.add(screen);
            }
            assertThat(screen).as("the demo ended within 3 minutes:\n" + screen).contains("EXITED=0");
        } finally {
            run("tmux", "kill-session", "-t", session);
        }

        // Every screen shows the progress on one line at most, every line fits, and no log line appears
        long withProgress = 0;
        for (String screen : screens) {
            List<String> progress = screen.lines().filter(line -> line.matches("\\[\\d+s] .*examples.*")).toList();
            assertThat(progress).as(screen).hasSizeLessThanOrEqualTo(1);
            withProgress += progress.size();
            assertThat(screen.lines()).as(screen).allSatisfy(line -> {
                assertThat(line.length()).isLessThanOrEqualTo(80);
                assertThat(LOG_LINE.matcher(line).find()).as("a log line: " + line).isFalse();
            });
        }
        assertThat(withProgress).as("the progress was shown").isPositive();
        assertThat(screens.get(screens.size() - 1)).contains("done in").contains("logs");
    }

    private static boolean installed(String program) {
        try {
            return new ProcessBuilder(program, "-V").redirectErrorStream(true).start().waitFor(10,
                    TimeUnit.SECONDS);
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not end");
        }
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
}
