package dev.seedloop.launcher.cluster;

import dev.seedloop.kafka.embedded.EmbeddedKafkaBroker;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * The Kafka a command works against: an external cluster ({@code --bootstrap-servers}), the embedded broker of a
 * demo that is running on the data directory, or that demo's broker started here for the length of the command.
 */
public final class Cluster implements AutoCloseable {

    /** While a demo runs, its broker's address is in this file of the data directory. */
    static final String ADDRESS_FILE = "broker-address";

    private final String bootstrapServers;
    private final EmbeddedKafkaBroker startedHere;
    /** The address file of the running demo whose broker this is; null otherwise. */
    private final Path borrowedFrom;

    private Cluster(String bootstrapServers, EmbeddedKafkaBroker startedHere, Path borrowedFrom) {
        this.bootstrapServers = bootstrapServers;
        this.startedHere = startedHere;
        this.borrowedFrom = borrowedFrom;
    }

    /** The cluster at {@code bootstrap} if given, else the demo broker of {@code dataDir}. */
    public static Cluster connect(Optional<String> bootstrap, Path dataDir, PrintStream out) {
        if (bootstrap.isPresent()) {
            out.println("  Kafka   " + bootstrap.get());
            return new Cluster(bootstrap.get(), null, null);
        }
        Path address = dataDir.resolve(ADDRESS_FILE);
        if (Files.isRegularFile(address)) {
            try {
                String running = Files.readString(address, StandardCharsets.UTF_8).strip();
                if (answers(running)) {
                    out.println("  Kafka   the running demo's broker at " + running);
                    return new Cluster(running, null, address);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (!Files.isDirectory(dataDir.resolve("kafka"))) {
            throw new IllegalArgumentException("no demo data in " + dataDir + " (run `seedloop demo` first, or give "
                    + "--bootstrap-servers)");
        }
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dataDir.resolve("kafka"));
        out.println("  Kafka   the demo's broker in " + dataDir + ", started for this command at "
                + broker.bootstrapServers());
        return new Cluster(broker.bootstrapServers(), broker, null);
    }

    /** Records that a demo's broker serves {@code dataDir} at {@code bootstrap}; closing the result forgets it. */
    public static AutoCloseable announce(Path dataDir, String bootstrap) {
        Path address = dataDir.resolve(ADDRESS_FILE);
        try {
            Files.writeString(address, bootstrap + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return () -> Files.deleteIfExists(address);
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** True when no demo was running on the data dir and this command started its broker: no loop runs on it. */
    public boolean startedForThisCommand() {
        return startedHere != null;
    }

    /** True when this was a running demo's broker and that demo has since stopped (and its broker with it). */
    public boolean demoStopped() {
        return borrowedFrom != null && !Files.exists(borrowedFrom);
    }

    private static boolean answers(String bootstrap) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                3000))) {
            admin.describeCluster().clusterId().get(Duration.ofSeconds(4).toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    @Override
    public void close() {
        if (startedHere != null) {
            startedHere.close();
        }
    }
}
