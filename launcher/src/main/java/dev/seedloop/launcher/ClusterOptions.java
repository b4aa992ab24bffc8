package dev.seedloop.launcher;

import dev.seedloop.launcher.cluster.Cluster;
import dev.seedloop.runtime.config.ConfigSource;
import dev.seedloop.runtime.config.KafkaSettings;
import dev.seedloop.runtime.kafka.KafkaClients;
import dev.seedloop.runtime.kafka.TopicProvisioner;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/**
 * Where a data command works: an external cluster, or the broker of a data directory (the running demo's, or
 * started for the command, the directory and its topics created if it is new).
 */
final class ClusterOptions {

    @Option(names = "--data-dir", defaultValue = "data/demo", description = "The data directory whose broker to "
            + "use when no --bootstrap-servers is given: the running demo's, or started for this command (created "
            + "if new) (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--bootstrap-servers", description = "An external Kafka cluster (or KAFKA_BOOTSTRAP_SERVERS; "
            + "SEEDLOOP_KAFKA_* variables such as the client config file apply).")
    String bootstrapServers;

    Optional<String> bootstrap() {
        return Optional.ofNullable(bootstrapServers)
                .or(() -> Optional.ofNullable(System.getenv("KAFKA_BOOTSTRAP_SERVERS")));
    }

    /** What is wrong with the options, if anything: a data directory that cannot be one. */
    Optional<String> problem() {
        return bootstrap().isPresent() ? Optional.empty() : PathChecks.dataDirectory(dataDir);
    }

    /** Logs of the command go to the data directory's logs, or into ./logs for an external cluster. */
    void logTo(String name) {
        Logging.toFile(logs().resolve(name));
    }

    /** Where files a command keeps beside its logs go: the data directory, or . for an external cluster. */
    Path home() {
        return bootstrap().isPresent() ? Path.of(".") : dataDir;
    }

    private Path logs() {
        return home().resolve("logs");
    }

    Cluster connect(String command, PrintStream out) {
        return Cluster.connect(bootstrap(), dataDir, command, out);
    }

    /** What a data command does once connected; its exit status. */
    interface Work {
        int run(Cluster cluster, KafkaClients clients) throws Exception;
    }

    /**
     * Runs {@code work} against the cluster: a usage error (2) when the data directory cannot be one; the topics
     * created when the command started the directory's broker; its log in {@code logName}; a failure reported on
     * standard error in one line (the log has the rest) with exit status 1.
     */
    int run(String command, String logName, Work work) {
        if (problem().isPresent()) {
            System.err.println(command + ": " + problem().get());
            return 2;
        }
        logTo(logName);
        Cluster connected = null;
        try (Cluster cluster = connect("seedloop " + command, System.out)) {
            connected = cluster;
            KafkaClients clients = new KafkaClients(settings(cluster));
            if (cluster.startedForThisCommand()) {
                TopicProvisioner.provision(clients, "seedloop-" + command);
            }
            return work.run(cluster, clients);
        } catch (Exception e) {
            LoggerFactory.getLogger(ClusterOptions.class).error("{} failed", command, e);
            System.err.println(command + " failed: " + ErrorMessages.oneLine(e));
            if (connected != null && connected.hostStopped()) {
                System.err.println(command + ": " + connected.host().map(owner -> owner.describe()).orElse(
                        "the process") + ", whose broker it used, stopped meanwhile; run it again (it starts the "
                        + "broker itself when nothing runs on " + dataDir + ")");
            }
            System.err.println(command + ": details in " + logs().resolve(logName));
            return 1;
        }
    }

    /** Kafka settings from the environment, aimed at {@code cluster}. */
    static KafkaSettings settings(Cluster cluster) {
        return KafkaSettings.from(ConfigSource.of(System.getenv(), Optional.empty(),
                Map.of(KafkaSettings.BOOTSTRAP_SERVERS.name(), cluster.bootstrapServers())));
    }
}
