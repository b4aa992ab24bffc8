package dev.seedloop.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged {@code seedloop} command ({@code target/seedloop.jar}) as a user runs it: its own process, an
 * environment without the test's OPENAI_ and SEEDLOOP_ variables, standard output and error as one terminal would
 * show them, and a bound on its time.
 *
 * @param output what the command printed, both streams
 */
public record CommandRun(int exitCode, String output, Duration took) {

    private static final Path JAR = Path.of("..", "launcher", "target", "seedloop.jar");
    private static final Map<Process, Path> OUTPUTS = new java.util.concurrent.ConcurrentHashMap<>();

    /** Runs {@code seedloop arguments...} in {@code workDir} and waits for it, at most {@code timeout}. */
    public static CommandRun run(Path workDir, Duration timeout, String... arguments) {
        return run(workDir, timeout, Map.of(), arguments);
    }

    /** As {@link #run(Path, Duration, String...)}, with {@code environment} added. */
    public static CommandRun run(Path workDir, Duration timeout, Map<String, String> environment,
            String... arguments) {
        try {
            Process process = start(workDir, environment, arguments);
            long started = System.nanoTime();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                throw new AssertionError("seedloop " + String.join(" ", arguments) + " did not end within "
                        + timeout + ":\n" + read(process));
            }
            return new CommandRun(process.exitValue(), read(process), Duration.ofNanos(System.nanoTime() - started));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Starts {@code seedloop arguments...} in {@code workDir}; its output goes to a file read by {@link #read}. */
    public static Process start(Path workDir, Map<String, String> environment, String... arguments)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx512m", "-jar", JAR.toAbsolutePath().toString()));
        command.addAll(List.of(arguments));
        Path output = Files.createTempFile(workDir, "seedloop", ".out");
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("OPENAI_") || name.startsWith("SEEDLOOP_"));
        builder.environment().putAll(environment);
        Process process = builder.start();
        OUTPUTS.put(process, output);
        return process;
    }

    /** What a process started by {@link #start} printed so far. */
    public static String read(Process process) {
        try {
            return Files.readString(OUTPUTS.get(process), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(cannot read the output: " + e.getMessage() + ")";
        }
    }

    /** The lines that are not blank. */
    public List<String> lines() {
        return output.lines().filter(line -> !line.isBlank()).toList();
    }
}
