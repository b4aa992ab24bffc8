package dev.seedloop.filter.shard;

import dev.seedloop.schemas.TopicRegistry;
import dev.seedloop.schemas.avro.CandidateInstruction;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;

/** Candidates read as the sharded judge's shards and sequencer both read them, so that they agree on which can be. */
final class Candidates {

    private Candidates() {
    }

    /**
     * The candidate {@code record} holds.
     *
     * @throws SerializationException when it holds none: no value, or bytes that are no candidate
     */
    static CandidateInstruction read(TopicRegistry topics, ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            throw new SerializationException("candidate record with key '" + record.key() + "' has no value");
        }
        return topics.candidates().valueSerde().deserializer().deserialize(record.topic(), record.value());
    }
}
