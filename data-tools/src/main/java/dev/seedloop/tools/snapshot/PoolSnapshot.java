package dev.seedloop.tools.snapshot;

import dev.seedloop.runtime.kafka.KafkaClients;
import dev.seedloop.schemas.avro.PoolEntry;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The pool as compaction will leave it: the last committed value per key, deletions applied. A record that cannot
 * be read is counted, not guessed at (the filter dead-letters it).
 */
public record PoolSnapshot(Map<String, PoolEntry> entries, long unreadable) {

    public static PoolSnapshot read(KafkaClients clients, String clientId) {
        Map<String, PoolEntry> entries = new LinkedHashMap<>();
        long unreadable = PoolStream.read(clients, clientId, progress -> { }, (key, entry) -> {
            if (entry == null) {
                entries.remove(key);
            } else {
                entries.put(key, entry);
            }
        });
        return new PoolSnapshot(entries, unreadable);
    }
}
