package dev.seedloop.system.loop;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One stage of the packaged command ({@code target/seedloop.jar}) in its own operating-system process, as it
 * runs in production: started with {@code --set} flags, stopped gracefully, or killed without warning.
 */
public final class StageProcess implements AutoCloseable {

    private static final Path JAR = Path.of("..", "launcher", "target", "seedloop.jar");

    private final String stage;
    private final List<String> command;
    private final Path log;
    private final Map<String, String> environment;
    private Process process;
    private int starts;

    private StageProcess(String stage, List<String> command, Path log, Map<String, String> environment) {
        this.stage = stage;
        this.command = command;
        this.log = log;
        this.environment = Map.copyOf(environment);
    }

    /** Starts {@code stage} against {@code bootstrap} with {@code settings}; its output goes to {@code log}. */
    public static StageProcess start(String stage, String bootstrap, Map<String, String> settings, Path log)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx512m", "-jar", JAR.toString(), stage, "--bootstrap-servers", bootstrap));
        settings.forEach((key, value) -> command.addAll(List.of("--set", key + "=" + value)));
        StageProcess process = new StageProcess(stage, command, log, Map.of());
        process.restart();
        return process;
    }

    /**
     * Runs {@code seedloop <arguments>} with {@code environment} added to a clean one (no OPENAI_ or SEEDLOOP_
     * variables of the test's own).
     */
    public static StageProcess command(List<String> arguments, Map<String, String> environment, Path log)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx768m", "-jar", JAR.toString()));
        command.addAll(arguments);
        StageProcess process = new StageProcess(arguments.get(0), command, log, environment);
        process.restart();
        return process;
    }

    /** Starts the stage again after it was killed or stopped. */
    public void restart() throws IOException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(stage + " is still running");
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().keySet().removeIf(name -> name.startsWith("OPENAI_") || name.startsWith("SEEDLOOP_"));
        builder.environment().putAll(environment);
        process = builder.start();
        starts++;
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed or committed. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException(stage + " did not die within 30 s of SIGKILL");
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public int starts() {
        return starts;
    }

    /** What the process printed, every run of it. */
    public String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    /** SIGTERM, then SIGKILL if the stage has not stopped within 30 s. */
    @Override
    public void close() throws InterruptedException {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            kill();
        }
    }
}
