package dev.seedloop.launcher;

import dev.seedloop.launcher.demo.Demo;
import dev.seedloop.launcher.demo.DemoOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code seedloop demo}: the whole loop offline, on an embedded broker. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Runs the whole loop on this machine: an embedded Kafka broker, the bundled seed tasks, "
                + "every stage, and the simulated LLM unless OPENAI_API_KEY / OPENAI_BASE_URL name a real "
                + "endpoint. Stops once enough examples have joined the pool. Running it again on the same data "
                + "directory continues the same pool.",
            "Exit status: 0 target reached, 1 stopped before it, 2 bad usage, 3 LLM endpoint unusable."})
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--examples", defaultValue = "100", description = "Stop once this many new examples have "
            + "joined the pool (default: ${DEFAULT-VALUE}).")
    int examples;

    @Option(names = "--data-dir", defaultValue = "data/demo", description = "Where the broker, state and logs "
            + "live (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--summary-json", description = "Also write the summary to this JSON file.")
    Path summaryJson;

    @Option(names = "--timeout", defaultValue = "15m", converter = DurationConverter.class,
            description = "Give up after this long (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    public Integer call() throws Exception {
        if (examples < 1) {
            System.err.println("--examples must be at least 1");
            return 2;
        }
        Logging.toFile(dataDir.resolve("logs").resolve("seedloop.log"));
        DemoOptions options = new DemoOptions(examples, dataDir, Optional.ofNullable(summaryJson), timeout,
                System.getenv());
        return new Demo(options, System.out).run();
    }
}
