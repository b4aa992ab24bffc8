package dev.seedloop.launcher;

import dev.seedloop.generator.Method;
import dev.seedloop.launcher.demo.Demo;
import dev.seedloop.launcher.demo.DemoOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code seedloop demo}: the whole loop offline, on an embedded broker. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Runs the whole loop on this machine: an embedded Kafka broker, the bundled seed tasks, "
                + "every stage, and the simulated LLM unless OPENAI_API_KEY / OPENAI_BASE_URL name a real "
                + "endpoint. Stops once enough examples have joined the pool. Running it again on the same data "
                + "directory continues the same pool.",
            "Exit status: 0 target reached (or --max-cost spent), 1 stopped before it, 2 bad usage, 3 LLM "
                + "endpoint unusable."})
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--examples", defaultValue = "100", description = "Stop once this many new examples have "
            + "joined the pool (default: ${DEFAULT-VALUE}).")
    int examples;

    @Option(names = "--method", defaultValue = "self-instruct", description = "How new instructions are written: "
            + "self-instruct, self-instruct-classification, alpaca or evol-instruct (default: ${DEFAULT-VALUE}).")
    String method;

    @Option(names = "--max-cost", paramLabel = "USD", description = "Stop generating once the LLM calls of this "
            + "run cost this much (prices from llm.prices; the simulated LLM is priced as gpt-4o-mini), then let "
            + "what is in flight finish.")
    Double maxCost;

    @Option(names = "--min-quality", paramLabel = "SCORE", description = "Have an LLM judge rate every example "
            + "0-5 (AlpaGasus) and reject those rated below SCORE.")
    Double minQuality;

    @Option(names = "--metrics-port", paramLabel = "PORT", description = "Serve /metrics (Prometheus), /healthy "
            + "and /ready for the whole loop on this port of 127.0.0.1 (0 picks a free one).")
    Integer metricsPort;

    @Option(names = "--data-dir", defaultValue = "data/demo", description = "Where the broker, state and logs "
            + "live (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--summary-json", description = "Also write the summary to this JSON file.")
    Path summaryJson;

    @Option(names = "--timeout", defaultValue = "15m", converter = DurationConverter.class,
            description = "Give up after this long (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--drain", description = "Once enough examples joined, stop generating and let the work in "
            + "flight finish (every candidate judged, every accepted instruction answered) before stopping; without "
            + "it the next run picks that work up.")
    boolean drain;

    @Override
    public Integer call() throws Exception {
        if (examples < 1) {
            System.err.println("--examples must be at least 1");
            return 2;
        }
        if (Arrays.stream(Method.values()).noneMatch(m -> m.label().equals(method))) {
            System.err.println("--method must be one of " + Arrays.stream(Method.values()).map(Method::label)
                    .collect(Collectors.joining(", ")) + ", not '" + method + "'");
            return 2;
        }
        if (maxCost != null && !(maxCost > 0)) {
            System.err.println("--max-cost must be a positive amount of USD");
            return 2;
        }
        if (minQuality != null && !(minQuality >= 0 && minQuality <= 5)) {
            System.err.println("--min-quality must be between 0 and 5");
            return 2;
        }
        if (metricsPort != null && (metricsPort < 0 || metricsPort > 65535)) {
            System.err.println("--metrics-port must be a port number (0 picks a free one)");
            return 2;
        }
        Logging.toFile(dataDir.resolve("logs").resolve("seedloop.log"));
        DemoOptions options = new DemoOptions(examples, dataDir, Optional.ofNullable(summaryJson), timeout,
                System.getenv(), method, Optional.ofNullable(maxCost), Optional.ofNullable(minQuality),
                Optional.ofNullable(metricsPort), drain);
        return new Demo(options, System.out).run();
    }
}
