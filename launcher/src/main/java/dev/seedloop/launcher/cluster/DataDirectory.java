package dev.seedloop.launcher.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A data directory (broker log, stage state, logs, the examples mirror) and the one process that owns it: the
 * process that runs its broker. The owner holds an exclusive lock on {@value #LOCK_FILE} for as long as it runs and
 * publishes its pid, command, start time and broker address in {@value #OWNER_FILE}; every other command on the
 * directory uses that broker as a guest, registered under {@value #GUESTS}/ so that an owner which is only a
 * passing command waits for its guests before it stops the broker. Two brokers can never open one log.
 * <p>
 * The lock is the operating system's ({@link FileChannel#tryLock()}): it dies with its process, so the lock of an
 * owner that was killed is free at once and the next command takes the directory over; a stale {@value #OWNER_FILE}
 * is simply overwritten. Within one JVM the lock file is opened by the owner alone (closing any other channel on
 * it would release the owner's lock on some systems), so ownership inside this process is tracked in memory.
 */
public final class DataDirectory {

    /** Held, exclusively, by the owner. */
    static final String LOCK_FILE = "seedloop.lock";
    /** Who the owner is and where its broker listens. */
    static final String OWNER_FILE = "owner.json";
    /** One file per guest command. */
    static final String GUESTS = "guests";

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Directories owned by this process, by their real path, with their owner. */
    private static final Map<Path, Owner> OWNED_HERE = new ConcurrentHashMap<>();
    private static final AtomicLong GUEST_NUMBERS = new AtomicLong();

    private DataDirectory() {
    }

    /** The process that owns a data directory. */
    public record Owner(long pid, String command, Instant since, Optional<String> bootstrapServers) {

        /** "`seedloop demo` (pid 4242, since 09:38:58)". */
        public String describe() {
            ZonedDateTime local = since.atZone(ZoneId.systemDefault());
            String when = local.toLocalDate().equals(LocalDate.now()) ? local.format(DateTimeFormatter.ofPattern(
                    "HH:mm:ss", Locale.ROOT)) : local.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT));
            return "`" + command + "` (pid " + pid + ", since " + when + ")";
        }

        /** True when it is this process. */
        public boolean isThisProcess() {
            return pid == ProcessHandle.current().pid();
        }
    }

    /** A command that uses the owner's broker. */
    public record Visitor(long pid, String command) {
    }

    /**
     * Makes this process the owner of {@code directory}, creating it if needed; empty when another process (or
     * another part of this one) owns it.
     *
     * @throws UncheckedIOException when the directory cannot be created or locked for another reason
     */
    public static Optional<Ownership> claim(Path directory, String command) {
        Path dir = real(directory);
        Owner owner = new Owner(ProcessHandle.current().pid(), command, Instant.now(), Optional.empty());
        if (OWNED_HERE.putIfAbsent(dir, owner) != null) {
            return Optional.empty();
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                OWNED_HERE.remove(dir);
                return Optional.empty();
            }
            Ownership ownership = new Ownership(dir, channel, lock, owner);
            ownership.write(owner);
            return Optional.of(ownership);
        } catch (IOException | RuntimeException e) {
            OWNED_HERE.remove(dir);
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // the failure that matters is e
                }
            }
            if (e instanceof OverlappingFileLockException) {
                return Optional.empty();
            }
            throw e instanceof IOException io ? new UncheckedIOException("cannot lock the data directory " + dir
                    + ": " + io.getMessage(), io) : (RuntimeException) e;
        }
    }

    /** The owner of {@code directory} now, if a live process holds it. */
    public static Optional<Owner> owner(Path directory) {
        if (!Files.isDirectory(directory)) {
            return Optional.empty();
        }
        Path dir = real(directory);
        Owner here = OWNED_HERE.get(dir);
        if (here != null) {
            return Optional.of(readOwner(dir).filter(Owner::isThisProcess).orElse(here));
        }
        if (!Files.exists(dir.resolve(LOCK_FILE)) || !locked(dir)) {
            return Optional.empty();
        }
        // The owner writes the file right after taking the lock: give it a moment
        for (int attempt = 0; attempt < 50; attempt++) {
            Optional<Owner> owner = readOwner(dir);
            if (owner.isPresent() && ProcessHandle.of(owner.get().pid()).map(ProcessHandle::isAlive).orElse(false)) {
                return owner;
            }
            sleep(20);
        }
        return Optional.of(new Owner(-1, "an unknown seedloop command", Instant.now(), Optional.empty()));
    }

    /** Registers this process as using the broker of {@code directory}'s owner until the result is closed. */
    public static Guest visit(Path directory, String command) {
        Path dir = real(directory);
        long pid = ProcessHandle.current().pid();
        Path file = dir.resolve(GUESTS).resolve(pid + "-" + GUEST_NUMBERS.incrementAndGet() + ".json");
        try {
            Files.createDirectories(file.getParent());
            ObjectNode json = JSON.createObjectNode().put("pid", pid).put("command", command);
            Files.writeString(file, JSON.writeValueAsString(json), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot register with the data directory " + dir + ": " + e.getMessage(),
                    e);
        }
        return new Guest(dir, file);
    }

    /** Whether another process holds the lock; probes it without keeping it. */
    private static boolean locked(Path dir) {
        try (FileChannel channel = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                return true;
            }
            lock.release();
            return false;
        } catch (OverlappingFileLockException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static Optional<Owner> readOwner(Path dir) {
        try {
            JsonNode json = JSON.readTree(Files.readString(dir.resolve(OWNER_FILE), StandardCharsets.UTF_8));
            if (json == null || !json.has("pid")) {
                return Optional.empty();
            }
            JsonNode bootstrap = json.get("bootstrapServers");
            return Optional.of(new Owner(json.get("pid").asLong(), json.path("command").asText("seedloop"),
                    Instant.parse(json.path("since").asText(Instant.EPOCH.toString())),
                    bootstrap == null || bootstrap.isNull() ? Optional.empty() : Optional.of(bootstrap.asText())));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Path real(Path directory) {
        try {
            Files.createDirectories(directory);
            return directory.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + directory + ": " + e.getMessage(), e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** This process owns the directory until closed. */
    public static final class Ownership implements AutoCloseable {

        private final Path dir;
        private final FileChannel channel;
        private final FileLock lock;
        private Owner owner;
        private boolean closed;

        private Ownership(Path dir, FileChannel channel, FileLock lock, Owner owner) {
            this.dir = dir;
            this.channel = channel;
            this.lock = lock;
            this.owner = owner;
        }

        public Path directory() {
            return dir;
        }

        /** Tells other commands where the broker listens. */
        public synchronized void publish(String bootstrapServers) {
            owner = new Owner(owner.pid(), owner.command(), owner.since(), Optional.of(bootstrapServers));
            OWNED_HERE.put(dir, owner);
            write(owner);
        }

        /** The commands using this directory's broker now; registrations of processes that died are removed. */
        public List<Visitor> guests() {
            List<Visitor> guests = new ArrayList<>();
            Path folder = dir.resolve(GUESTS);
            if (!Files.isDirectory(folder)) {
                return guests;
            }
            try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*.json")) {
                for (Path file : files) {
                    try {
                        JsonNode json = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
                        long pid = json.path("pid").asLong(-1);
                        if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                            guests.add(new Visitor(pid, json.path("command").asText("seedloop")));
                        } else {
                            Files.deleteIfExists(file);
                        }
                    } catch (IOException | RuntimeException unreadable) {
                        // a registration being written or removed right now: looked at again on the next call
                    }
                }
            } catch (IOException e) {
                return guests;
            }
            return guests;
        }

        private void write(Owner current) {
            ObjectNode json = JSON.createObjectNode().put("pid", current.pid()).put("command", current.command())
                    .put("since", current.since().toString());
            json.put("bootstrapServers", current.bootstrapServers().orElse(null));
            Path target = dir.resolve(OWNER_FILE);
            Path temporary = dir.resolve(OWNER_FILE + ".tmp");
            try {
                Files.writeString(temporary, JSON.writeValueAsString(json), StandardCharsets.UTF_8);
                try {
                    Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING,
                            StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
            }
        }

        /** Gives the directory up: forgets the owner file and releases the lock. */
        @Override
        public synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            try {
                Files.deleteIfExists(dir.resolve(OWNER_FILE));
            } catch (IOException ignored) {
                // a stale owner file is harmless: the lock, not the file, says who owns the directory
            }
            OWNED_HERE.remove(dir);
            try {
                lock.release();
                channel.close();
            } catch (IOException ignored) {
                // the process is giving the lock up; the operating system releases it with the channel
            }
        }
    }

    /** This process uses the owner's broker until closed. */
    public static final class Guest implements AutoCloseable {

        private final Path dir;
        private final Path registration;

        private Guest(Path dir, Path registration) {
            this.dir = dir;
            this.registration = registration;
        }

        public Path directory() {
            return dir;
        }

        @Override
        public void close() {
            try {
                Files.deleteIfExists(registration);
            } catch (IOException ignored) {
                // the owner removes registrations of processes that are gone
            }
        }
    }
}
