package dev.seedloop.launcher.cluster;

import dev.seedloop.kafka.embedded.EmbeddedKafkaBroker;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * The Kafka a command works against: an external cluster ({@code --bootstrap-servers}), or the broker of a data
 * directory. A data directory's broker runs in the process that owns the directory ({@link DataDirectory}): a
 * command finds it running there and uses it as a guest, or becomes the owner and starts it (creating the
 * directory if it is new) for as long as it runs.
 */
public final class Cluster implements AutoCloseable {

    /** How long a command waits for an owner that is starting its broker. */
    private static final Duration ATTACH_TIMEOUT = Duration.ofSeconds(90);
    /** How often an owner that is only a passing command says which guests it waits for. */
    private static final Duration GUEST_NOTICE_EVERY = Duration.ofSeconds(30);

    private final String bootstrapServers;
    private final EmbeddedKafkaBroker startedHere;
    private final DataDirectory.Ownership ownership;
    private final DataDirectory.Guest guest;
    private final Optional<DataDirectory.Owner> host;
    private final PrintStream out;
    private final boolean waitForGuests;

    private Cluster(String bootstrapServers, EmbeddedKafkaBroker startedHere, DataDirectory.Ownership ownership,
            DataDirectory.Guest guest, Optional<DataDirectory.Owner> host, PrintStream out, boolean waitForGuests) {
        this.bootstrapServers = bootstrapServers;
        this.startedHere = startedHere;
        this.ownership = ownership;
        this.guest = guest;
        this.host = host;
        this.out = out;
        this.waitForGuests = waitForGuests;
    }

    /** The data directory is owned by another process, which runs its broker. */
    public static final class InUseException extends RuntimeException {
        private final DataDirectory.Owner owner;

        InUseException(Path dataDir, DataDirectory.Owner owner) {
            super(dataDir + " is in use by " + owner.describe());
            this.owner = owner;
        }

        public DataDirectory.Owner owner() {
            return owner;
        }
    }

    /**
     * The cluster at {@code bootstrap} if given; else the broker of {@code dataDir}: its owner's, or started here
     * (the directory created if it is new) when no process owns it.
     *
     * @param command what this process is, as other commands name it ("seedloop export")
     */
    public static Cluster connect(Optional<String> bootstrap, Path dataDir, String command, PrintStream out) {
        if (bootstrap.isPresent()) {
            out.println("  Kafka   " + bootstrap.get());
            return new Cluster(bootstrap.get(), null, null, null, Optional.empty(), out, false);
        }
        long deadline = System.nanoTime() + ATTACH_TIMEOUT.toNanos();
        Optional<DataDirectory.Owner> seen = Optional.empty();
        while (true) {
            Optional<DataDirectory.Ownership> claimed = DataDirectory.claim(dataDir, command);
            if (claimed.isPresent()) {
                return startBroker(dataDir, claimed.get(), out, true);
            }
            seen = DataDirectory.owner(dataDir);
            if (seen.isPresent() && seen.get().bootstrapServers().isPresent()) {
                DataDirectory.Guest guest = DataDirectory.visit(dataDir, command);
                String address = seen.get().bootstrapServers().get();
                if (answers(address)) {
                    out.println("  Kafka   the broker of " + seen.get().describe() + " at " + address);
                    return new Cluster(address, null, null, guest, seen, out, false);
                }
                guest.close();
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(dataDir + " is owned by " + seen.map(DataDirectory.Owner::describe)
                        .orElse("another process") + ", but its broker did not answer within " + ATTACH_TIMEOUT
                        .toSeconds() + " s");
            }
            sleep(200);
        }
    }

    /**
     * The broker of {@code dataDir}, started by this process as the directory's owner (the directory created if
     * it is new), as the demo runs it: closing does not wait for guests.
     *
     * @throws InUseException when another process owns the directory
     */
    public static Cluster own(Path dataDir, String command, PrintStream out) {
        for (int attempt = 0; ; attempt++) {
            Optional<DataDirectory.Ownership> claimed = DataDirectory.claim(dataDir, command);
            if (claimed.isPresent()) {
                return startBroker(dataDir, claimed.get(), out, false);
            }
            Optional<DataDirectory.Owner> owner = DataDirectory.owner(dataDir);
            // A command probing the lock holds it for an instant: only a lasting owner refuses
            if (owner.isPresent() && (owner.get().pid() > 0 || attempt >= 10)) {
                throw new InUseException(dataDir, owner.get());
            }
            sleep(100);
        }
    }

    private static Cluster startBroker(Path dataDir, DataDirectory.Ownership ownership, PrintStream out,
            boolean waitForGuests) {
        boolean fresh = !Files.isDirectory(dataDir.resolve("kafka"));
        EmbeddedKafkaBroker broker;
        try {
            broker = EmbeddedKafkaBroker.start(dataDir.resolve("kafka"));
            ownership.publish(broker.bootstrapServers());
        } catch (RuntimeException e) {
            ownership.close();
            throw e;
        }
        String where = waitForGuests ? "broker of " + dataDir + " started for this command at "
                : "embedded KRaft broker at ";
        out.println("  Kafka   " + where + broker.bootstrapServers() + (fresh ? " (a new data directory)" : ""));
        if (!broker.repairedTransactions().isEmpty()) {
            out.println("  Kafka   aborted " + broker.repairedTransactions().size() + " transactions a stopped "
                    + "process left open (" + broker.repairedTransactions() + "); their stages read that input again");
        }
        return new Cluster(broker.bootstrapServers(), broker, ownership, null, Optional.empty(), out, waitForGuests);
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** True when this process started the data directory's broker: no loop runs on it unless this one does. */
    public boolean startedForThisCommand() {
        return startedHere != null;
    }

    /** The process whose broker this command uses as a guest, if it does. */
    public Optional<DataDirectory.Owner> host() {
        return host;
    }

    /** True when this command used another process's broker and that process has stopped (and its broker). */
    public boolean hostStopped() {
        if (guest == null) {
            return false;
        }
        Optional<DataDirectory.Owner> now = DataDirectory.owner(guest.directory());
        return now.isEmpty() || host.isEmpty() || now.get().pid() != host.get().pid();
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

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the data directory's broker", e);
        }
    }

    /**
     * Stops the broker if this process started it, once the commands using it as guests are done (unless this is
     * the demo, whose guests are told it stopped); leaves an external cluster or another owner's broker alone.
     */
    @Override
    public void close() {
        if (guest != null) {
            guest.close();
        }
        if (startedHere == null) {
            return;
        }
        try {
            if (waitForGuests) {
                long lastNotice = 0;
                List<DataDirectory.Visitor> guests;
                while (!(guests = ownership.guests()).isEmpty()) {
                    if (System.nanoTime() - lastNotice > GUEST_NOTICE_EVERY.toNanos()) {
                        out.println("  waiting for " + guests.stream().map(visitor -> "`" + visitor.command()
                                + "` (pid " + visitor.pid() + ")").collect(Collectors.joining(", "))
                                + ", which uses this broker, before stopping it");
                        lastNotice = System.nanoTime();
                    }
                    Thread.sleep(250);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            startedHere.close();
            ownership.close();
        }
    }
}
