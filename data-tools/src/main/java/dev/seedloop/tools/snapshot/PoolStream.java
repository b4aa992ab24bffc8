package dev.seedloop.tools.snapshot;

import dev.seedloop.runtime.kafka.KafkaClients;
import dev.seedloop.schemas.avro.PoolEntry;
import java.util.function.Consumer;

/**
 * The pool topic read once from its beginning to its end, committed records only, without a consumer group, each
 * record handed over as it comes ({@link TopicStream}): what every tool that reads the pool is built on. A record
 * that cannot be read (or has no key) is counted, not guessed at (the filter dead-letters it).
 */
public final class PoolStream {

    /** What is done with each readable record, in topic order. */
    @FunctionalInterface
    public interface Each {
        /** {@code entry} is null for a deletion (a tombstone) of {@code key}. */
        void accept(String key, PoolEntry entry);
    }

    private PoolStream() {
    }

    /** Reads the pool to its end; how many records could not be read. */
    public static long read(KafkaClients clients, String clientId, Consumer<ReadProgress> progress, Each each) {
        long[] keyless = {0};
        long unreadable = TopicStream.read(clients, clientId, clients.settings().topics().pool(), progress, record -> {
            if (record.key() == null) {
                keyless[0]++;
            } else {
                each.accept(record.key(), record.value());
            }
        });
        return unreadable + keyless[0];
    }
}
