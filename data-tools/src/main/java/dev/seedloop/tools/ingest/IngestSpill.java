package dev.seedloop.tools.ingest;

import com.carrotsearch.hppc.LongIntHashMap;
import dev.seedloop.schemas.Topic;
import dev.seedloop.schemas.avro.PoolEntry;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An ingest's entries on disk instead of in the heap: every example read from the file is appended to a temporary
 * file as the pool entry it makes, and so is the pool's current value of each of those entries. The heap holds, per
 * distinct instruction id, a slot (in the order the file first names it) with where its last example and its pool
 * value lie and how many bytes its examples hold: about 60 bytes an id. Ids are instruction ids, 128 bits; a slot is
 * found by their first 64 bits, the other 64 checked, so two ids never share a slot. Close it to delete the file.
 */
final class IngestSpill implements Closeable {

    private final Path file;
    private final DataOutputStream out;
    private final FileChannel channel;
    private final Topic<String, PoolEntry> pool;
    private final LongIntHashMap slots = new LongIntHashMap();
    /** Ids whose first 64 bits another id has already (about one pair in 10¹¹ at a million ids). */
    private final Map<String, Integer> shared = new HashMap<>();
    private long[] low = new long[1024];
    private long[] lastExample = new long[1024];
    private long[] poolValue = new long[1024];
    private long[] bytes = new long[1024];
    private int used;
    private long written;

    private IngestSpill(Path file, Topic<String, PoolEntry> pool) throws IOException {
        this.file = file;
        this.pool = pool;
        this.out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16));
        this.channel = FileChannel.open(file, StandardOpenOption.READ);
    }

    /** A spill in a new temporary file in {@code directory}. */
    static IngestSpill create(Path directory, Topic<String, PoolEntry> pool) throws IOException {
        Path file = Files.createTempFile(directory, "seedloop-ingest-", ".spill");
        file.toFile().deleteOnExit();
        try {
            return new IngestSpill(file, pool);
        } catch (IOException e) {
            Files.deleteIfExists(file);
            throw e;
        }
    }

    /**
     * The slot of instruction id {@code id}, made when {@code create} and the id has none; -1 when it has none (or
     * is no instruction id, as a key some other writer gave a pool record may be).
     */
    int slot(String id, boolean create) {
        if (!instructionId(id)) {
            if (create) {
                throw new IllegalArgumentException(id + " is not an instruction id");
            }
            return -1;
        }
        long[] halves = {Long.parseUnsignedLong(id, 0, 16, 16), Long.parseUnsignedLong(id, 16, 32, 16)};
        int slot = slots.getOrDefault(halves[0], -1);
        if (slot >= 0 && low[slot] == halves[1]) {
            return slot;
        }
        if (slot >= 0) {
            Integer other = shared.get(id);
            if (other != null || !create) {
                return other == null ? -1 : other;
            }
        }
        if (!create) {
            return -1;
        }
        if (used == low.length) {
            int size = used * 2;
            low = Arrays.copyOf(low, size);
            lastExample = Arrays.copyOf(lastExample, size);
            poolValue = Arrays.copyOf(poolValue, size);
            bytes = Arrays.copyOf(bytes, size);
        }
        int made = used++;
        low[made] = halves[1];
        lastExample[made] = -1;
        poolValue[made] = -1;
        if (slot >= 0) {
            shared.put(id, made);
        } else {
            slots.put(halves[0], made);
        }
        return made;
    }

    /** Distinct ids with a slot, numbered from 0 in the order the file first named them. */
    int size() {
        return used;
    }

    /** Bytes of text the examples of {@code slot} hold so far. */
    long bytes(int slot) {
        return bytes[slot];
    }

    void addBytes(int slot, long added) {
        bytes[slot] += added;
    }

    /** Appends an example of {@code slot}'s entry, after those already appended. */
    void addExample(int slot, PoolEntry entry) {
        lastExample[slot] = append(lastExample[slot], entry);
    }

    /** Sets the pool's current value of {@code slot}'s entry: {@code entry}, or none for a deletion. */
    void setPoolValue(int slot, PoolEntry entry) {
        poolValue[slot] = entry == null ? -1 : append(-1, entry);
    }

    /** The examples of {@code slot} in file order (none when each was refused). */
    List<PoolEntry> examples(int slot) {
        List<PoolEntry> examples = new ArrayList<>();
        for (long at = lastExample[slot]; at >= 0; ) {
            Record record = read(at);
            examples.add(record.entry());
            at = record.previous();
        }
        Collections.reverse(examples);
        return examples;
    }

    /** The pool's value of {@code slot}'s entry when the pool was read, or null. */
    PoolEntry poolValue(int slot) {
        return poolValue[slot] < 0 ? null : read(poolValue[slot]).entry();
    }

    /** Makes what was appended readable: call once, after the last append. */
    void finishWriting() throws IOException {
        out.flush();
    }

    private long append(long previous, PoolEntry entry) {
        byte[] value = pool.valueSerde().serializer().serialize(pool.name(), entry);
        long position = written;
        try {
            out.writeLong(previous);
            out.writeInt(value.length);
            out.write(value);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the ingest's spill file " + file + ": " + e.getMessage(), e);
        }
        written += Long.BYTES + Integer.BYTES + value.length;
        return position;
    }

    private record Record(long previous, PoolEntry entry) {
    }

    private Record read(long position) {
        try {
            ByteBuffer head = ByteBuffer.allocate(Long.BYTES + Integer.BYTES);
            fill(head, position);
            head.flip();
            long previous = head.getLong();
            ByteBuffer value = ByteBuffer.allocate(head.getInt());
            fill(value, position + Long.BYTES + Integer.BYTES);
            return new Record(previous, pool.valueSerde().deserializer().deserialize(pool.name(), value.array()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the ingest's spill file " + file + ": " + e.getMessage(), e);
        }
    }

    private void fill(ByteBuffer buffer, long position) throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new IOException("the spill file " + file + " ends early");
            }
        }
    }

    /** 32 hex digits, as {@code InstructionId} makes them. */
    private static boolean instructionId(String id) {
        if (id.length() != 32) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            if (Character.digit(id.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        try {
            out.close();
        } finally {
            channel.close();
            Files.deleteIfExists(file);
        }
    }
}
