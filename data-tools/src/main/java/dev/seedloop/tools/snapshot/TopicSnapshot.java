package dev.seedloop.tools.snapshot;

import dev.seedloop.runtime.kafka.KafkaClients;
import dev.seedloop.schemas.Topic;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Everything committed to a topic up to now, read without a consumer group, in memory; unreadable values are counted.
 * For topics that can be large, tools read with {@link TopicStream} instead.
 */
public final class TopicSnapshot {

    /** One record with what a replay or an audit needs of it. */
    public record Entry<V>(String key, V value, long timestamp, int partition, long offset, Headers headers) {

        /** The value of the last header named {@code name}, if the record has one. */
        public Optional<String> header(String name) {
            Header header = headers.lastHeader(name);
            return header == null || header.value() == null ? Optional.empty()
                    : Optional.of(new String(header.value(), StandardCharsets.UTF_8));
        }
    }

    private TopicSnapshot() {
    }

    /** The records of {@code topic} from {@code from} (per partition; absent: the beginning) to the end now. */
    public static <V> Snapshot<V> read(KafkaClients clients, Topic<String, V> topic, Map<Integer, Long> from) {
        List<Entry<V>> entries = new ArrayList<>();
        long unreadable = TopicStream.read(clients, "seedloop-topic-reader", topic, from, progress -> { },
                entries::add);
        return new Snapshot<>(entries, unreadable);
    }

    public static <V> Snapshot<V> read(KafkaClients clients, Topic<String, V> topic) {
        return read(clients, topic, Map.of());
    }

    /** The records read, and how many could not be read. */
    public record Snapshot<V>(List<Entry<V>> entries, long unreadable) {

        public List<V> values() {
            return entries.stream().map(Entry::value).filter(v -> v != null).toList();
        }
    }
}
