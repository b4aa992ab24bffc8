package dev.seedloop.tools.snapshot;

import com.carrotsearch.hppc.ObjectIntHashMap;
import com.carrotsearch.hppc.sorting.IndirectSort;
import dev.seedloop.runtime.kafka.KafkaClients;
import dev.seedloop.schemas.Topic;
import dev.seedloop.schemas.avro.PoolEntry;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The pool as compaction will leave it (the last committed value per key, deletions applied), kept on disk instead
 * of in the heap, for tools that read a pool of millions of entries: each kept value is written to a temporary file
 * as it streams by, without its vector, and the heap holds only, per live key, where its last value lies, when it
 * was added and its id (about 100 bytes an entry). Entries are then read back one at a time, in (time added, id)
 * order. A record that cannot be read is counted, not guessed at (the filter dead-letters it). Close it to delete
 * the file.
 */
public final class PoolSpill implements Closeable {

    private final Path file;
    private final FileChannel channel;
    private final Topic<String, PoolEntry> pool;
    private final ObjectIntHashMap<String> slots = new ObjectIntHashMap<>();
    private String[] ids = new String[1024];
    private long[] positions = new long[1024];
    private int[] lengths = new int[1024];
    private long[] addedAt = new long[1024];
    private int used;
    private int live;
    private long unreadable;

    private PoolSpill(Path file, Topic<String, PoolEntry> pool) throws IOException {
        this.file = file;
        this.pool = pool;
        this.channel = FileChannel.open(file, StandardOpenOption.READ);
    }

    /**
     * Reads the pool topic to its end, keeping the entries {@code keep} accepts (an entry whose last value it does not
     * accept is left out), in a temporary file in {@code directory}.
     */
    public static PoolSpill read(KafkaClients clients, String clientId, Path directory, Predicate<PoolEntry> keep,
            Consumer<ReadProgress> progress) throws IOException {
        Topic<String, PoolEntry> pool = clients.settings().topics().pool();
        Path file = Files.createTempFile(directory, "seedloop-pool-", ".spill");
        file.toFile().deleteOnExit();
        PoolSpill spill = null;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            spill = new PoolSpill(file, pool);
            spill.fill(clients, clientId, keep, progress, out);
        } catch (UncheckedIOException e) {
            if (spill != null) {
                spill.close();
            }
            throw e.getCause();
        } catch (IOException | RuntimeException e) {
            if (spill != null) {
                spill.close();
            } else {
                Files.deleteIfExists(file);
            }
            throw e;
        }
        return spill;
    }

    private void fill(KafkaClients clients, String clientId, Predicate<PoolEntry> keep,
            Consumer<ReadProgress> progress, OutputStream out) throws IOException {
        long[] written = {0};
        unreadable = PoolStream.read(clients, clientId, progress, (key, entry) -> {
            if (entry == null || !keep.test(entry)) {
                forget(key);
                return;
            }
            entry.setEmbedding(null);
            byte[] bytes = pool.valueSerde().serializer().serialize(pool.name(), entry);
            try {
                out.write(bytes);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            remember(key, written[0], bytes.length, entry.getAddedAt().toEpochMilli());
            written[0] += bytes.length;
        });
    }

    private void remember(String key, long position, int length, long added) {
        int slot = slots.getOrDefault(key, -1);
        if (slot < 0) {
            if (used == ids.length) {
                int size = used * 2;
                ids = Arrays.copyOf(ids, size);
                positions = Arrays.copyOf(positions, size);
                lengths = Arrays.copyOf(lengths, size);
                addedAt = Arrays.copyOf(addedAt, size);
            }
            slot = used++;
            slots.put(key, slot);
            ids[slot] = key;
        }
        if (lengths[slot] <= 0) {
            live++;
        }
        positions[slot] = position;
        lengths[slot] = length;
        addedAt[slot] = added;
    }

    private void forget(String key) {
        int slot = slots.getOrDefault(key, -1);
        if (slot >= 0 && lengths[slot] > 0) {
            lengths[slot] = 0;
            live--;
        }
    }

    /** The live entries kept. */
    public int size() {
        return live;
    }

    /** Pool records that could not be read. */
    public long unreadable() {
        return unreadable;
    }

    /** The kept entries, read back one at a time in (time added, id) order (vectors left out). */
    public Iterable<PoolEntry> inOrder() {
        return inOrder("", progress -> { });
    }

    /**
     * The kept entries in (time added, id) order, telling {@code progress} every thousand entries how many of them
     * have been handed over ({@code what}: "pool entries written").
     */
    public Iterable<PoolEntry> inOrder(String what, Consumer<ReadProgress> progress) {
        int[] order = IndirectSort.mergesort(0, used, (a, b) -> {
            int byTime = Long.compare(addedAt[a], addedAt[b]);
            return byTime != 0 ? byTime : ids[a].compareTo(ids[b]);
        });
        return () -> new Iterator<>() {
            private final long started = System.nanoTime();
            private int next = advance(0);
            private int handed;

            private int advance(int from) {
                int at = from;
                while (at < order.length && lengths[order[at]] <= 0) {
                    at++;
                }
                return at;
            }

            @Override
            public boolean hasNext() {
                return next < order.length;
            }

            @Override
            public PoolEntry next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                int slot = order[next];
                next = advance(next + 1);
                if (++handed % 1000 == 0 || !hasNext()) {
                    progress.accept(new ReadProgress(what, handed, live, Duration.ofNanos(System.nanoTime()
                            - started)));
                }
                return entry(slot);
            }
        };
    }

    private PoolEntry entry(int slot) {
        ByteBuffer buffer = ByteBuffer.allocate(lengths[slot]);
        try {
            long position = positions[slot];
            while (buffer.hasRemaining()) {
                int read = channel.read(buffer, position + buffer.position());
                if (read < 0) {
                    throw new IOException("the pool's spill file " + file + " ends early");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return pool.valueSerde().deserializer().deserialize(pool.name(), buffer.array());
    }

    @Override
    public void close() throws IOException {
        channel.close();
        Files.deleteIfExists(file);
    }
}
