package dev.seedloop.launcher;

import dev.seedloop.generator.GenerationMethods;
import dev.seedloop.launcher.cluster.Cluster;
import dev.seedloop.launcher.demo.Demo;
import dev.seedloop.launcher.demo.DemoOptions;
import dev.seedloop.launcher.demo.Seeds;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
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
            "Exit status: 0 target reached (or --max-cost spent), 1 stopped before it, 2 bad usage (or the data "
                + "directory is in use by another demo), 3 LLM endpoint unusable."})
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--examples", defaultValue = "100", description = "Stop once this many new examples have "
            + "joined the pool; no more candidates are generated than can still become one, so the run ends at "
            + "this number (0: only start the pool and, with --drain, finish the work in flight) (default: "
            + "${DEFAULT-VALUE}).")
    int examples;

    @Option(names = "--seeds", defaultValue = "self-instruct", paramLabel = "self-instruct|none|FILE",
            description = "What an empty pool starts with: Self-Instruct's 175 bundled seed tasks, nothing (for a "
                    + "pool filled by seedloop ingest), or a JSON lines file of seed tasks in Self-Instruct's "
                    + "layout (instruction, instances, is_classification) (default: ${DEFAULT-VALUE}).")
    String seeds;

    @Option(names = "--method", defaultValue = "self-instruct", completionCandidates = MethodNames.class,
            description = "How new instructions are written: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}; "
                    + "seedloop config generator describes each).")
    String method;

    /** The generation methods on the class path, for the help and shell completion. */
    static final class MethodNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return GenerationMethods.names().iterator();
        }
    }

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
        if (examples < 0) {
            System.err.println("demo: --examples must be 0 or more");
            return 2;
        }
        Seeds chosenSeeds = Seeds.parse(seeds);
        if (chosenSeeds instanceof Seeds.File file && PathChecks.input("--seeds", file.path()).isPresent()) {
            System.err.println("demo: " + PathChecks.input("--seeds", file.path()).get()
                    + " (or use --seeds self-instruct or --seeds none)");
            return 2;
        }
        if (!GenerationMethods.names().contains(method)) {
            System.err.println("demo: --method must be one of " + String.join(", ", GenerationMethods.names())
                    + ", not '" + method + "'");
            return 2;
        }
        if (maxCost != null && !(maxCost > 0)) {
            System.err.println("demo: --max-cost must be a positive amount of USD");
            return 2;
        }
        if (minQuality != null && !(minQuality >= 0 && minQuality <= 5)) {
            System.err.println("demo: --min-quality must be between 0 and 5");
            return 2;
        }
        if (metricsPort != null && (metricsPort < 0 || metricsPort > 65535)) {
            System.err.println("demo: --metrics-port must be a port number (0 picks a free one)");
            return 2;
        }
        if (metricsPort != null && metricsPort > 0 && !free(metricsPort)) {
            System.err.println("demo: --metrics-port " + metricsPort + " is in use on 127.0.0.1; choose another "
                    + "port, or 0 for a free one");
            return 2;
        }
        if (summaryJson != null && PathChecks.output("--summary-json", summaryJson).isPresent()) {
            System.err.println("demo: " + PathChecks.output("--summary-json", summaryJson).get());
            return 2;
        }
        Optional<String> problem = PathChecks.dataDirectory(dataDir);
        if (problem.isPresent()) {
            System.err.println("demo: " + problem.get());
            return 2;
        }
        Logging.toFile(dataDir.resolve("logs").resolve("seedloop.log"));
        DemoOptions options = new DemoOptions(examples, dataDir, Optional.ofNullable(summaryJson), timeout,
                System.getenv(), method, Optional.ofNullable(maxCost), Optional.ofNullable(minQuality),
                Optional.ofNullable(metricsPort), drain, chosenSeeds);
        try {
            return new Demo(options, System.out).run();
        } catch (Demo.UsageException e) {
            System.err.println("demo: " + e.getMessage());
            return 2;
        } catch (Cluster.InUseException e) {
            System.err.println("demo: " + e.getMessage() + "; one demo runs on a data directory at a time: stop "
                    + "that one (Ctrl-C where it runs, or kill " + e.owner().pid() + "), or give another --data-dir");
            return 2;
        }
    }

    /** Whether {@code port} of 127.0.0.1 can be listened on now. */
    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
