package dev.seedloop.runtime.kafka;

import dev.seedloop.schemas.Topic;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/** Named Kafka Streams sources and sinks from registry topics: names keep topologies stable across upgrades. */
public final class StreamsTopics {

    private StreamsTopics() {
    }

    public static <K, V> Consumed<K, V> consumed(Topic<K, V> topic, String name) {
        return Consumed.with(topic.keySerde(), topic.valueSerde()).withName(name);
    }

    public static <K, V> Produced<K, V> produced(Topic<K, V> topic, String name) {
        return Produced.with(topic.keySerde(), topic.valueSerde()).withName(name);
    }
}
