package dev.seedloop.launcher;

import dev.seedloop.launcher.cluster.Cluster;
import dev.seedloop.runtime.config.ConfigSource;
import dev.seedloop.runtime.config.KafkaSettings;
import dev.seedloop.runtime.kafka.KafkaClients;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/** Where a data command works: an external cluster, or the demo in a data directory (its broker, running or not). */
final class ClusterOptions {

    @Option(names = "--data-dir", defaultValue = "data/demo", description = "The demo whose broker to use when no "
            + "--bootstrap-servers is given; started for the command if the demo is not running (default: "
            + "${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--bootstrap-servers", description = "An external Kafka cluster (or KAFKA_BOOTSTRAP_SERVERS; "
            + "SEEDLOOP_KAFKA_* variables such as the client config file apply).")
    String bootstrapServers;

    Optional<String> bootstrap() {
        return Optional.ofNullable(bootstrapServers)
                .or(() -> Optional.ofNullable(System.getenv("KAFKA_BOOTSTRAP_SERVERS")));
    }

    /** Why the command has nothing to work against (no cluster given, no demo in the data directory), if so. */
    Optional<String> missing() {
        if (bootstrap().isEmpty() && !Files.isDirectory(dataDir.resolve("kafka"))) {
            return Optional.of("no demo data in " + dataDir + ": run `seedloop demo` once first, or give "
                    + "--bootstrap-servers");
        }
        return Optional.empty();
    }

    /** Logs of the command go beside the demo's, or into ./logs for an external cluster. */
    void logTo(String name) {
        Logging.toFile((bootstrap().isPresent() ? Path.of(".") : dataDir).resolve("logs").resolve(name));
    }

    Cluster connect(PrintStream out) {
        return Cluster.connect(bootstrap(), dataDir, out);
    }

    /** What a data command does once connected; its exit status. */
    interface Work {
        int run(Cluster cluster, KafkaClients clients) throws Exception;
    }

    /**
     * Runs {@code work} against the cluster: usage error (2) when there is nothing to work against, its log in
     * {@code logName}, and a failure reported on standard error with exit status 1.
     */
    int run(String command, String logName, Work work) {
        if (missing().isPresent()) {
            System.err.println(missing().get());
            return 2;
        }
        logTo(logName);
        try (Cluster connected = connect(System.out)) {
            return work.run(connected, new KafkaClients(settings(connected)));
        } catch (Exception e) {
            LoggerFactory.getLogger(ClusterOptions.class).error("{} failed", command, e);
            System.err.println(command + " failed: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return 1;
        }
    }

    /** Kafka settings from the environment, aimed at {@code cluster}. */
    static KafkaSettings settings(Cluster cluster) {
        return KafkaSettings.from(ConfigSource.of(System.getenv(), Optional.empty(),
                Map.of(KafkaSettings.BOOTSTRAP_SERVERS.name(), cluster.bootstrapServers())));
    }
}
