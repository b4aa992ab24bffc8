package dev.seedloop.sink;

import static dev.seedloop.runtime.kafka.StreamsTopics.consumed;
import static dev.seedloop.runtime.kafka.StreamsTopics.produced;

import dev.seedloop.schemas.InstructionId;
import dev.seedloop.schemas.Sources;
import dev.seedloop.schemas.TopicRegistry;
import dev.seedloop.schemas.avro.Example;
import dev.seedloop.schemas.avro.PoolEntry;
import java.time.Instant;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;

/** Accepted examples become machine-written pool entries under their instruction id. */
public final class SinkTopology {

    private SinkTopology() {
    }

    public static Topology build(TopicRegistry topics) {
        StreamsBuilder builder = new StreamsBuilder();
        KStream<String, PoolEntry> entries = builder
                .stream(topics.examples().name(), consumed(topics.examples(), "examples-source"))
                .map((key, example) -> {
                    PoolEntry entry = toPoolEntry(example);
                    return org.apache.kafka.streams.KeyValue.pair(entry.getId(), entry);
                }, Named.as("pool-entries"));
        entries.to(topics.pool().name(), produced(topics.pool(), "pool-sink"));
        return builder.build();
    }

    /** The pool entry an accepted example becomes, under its instruction id: machine-written unless it was ingested. */
    public static PoolEntry toPoolEntry(Example example) {
        if (example == null) {
            // Not an example at all: the processing-exception handler dead-letters it with its coordinates.
            throw new IllegalArgumentException("example record has no value");
        }
        return PoolEntry.newBuilder()
                .setId(InstructionId.of(example.getInstruction(), example.getConversation()))
                .setInstruction(example.getInstruction())
                .setInstances(example.getInstances())
                .setSource(Sources.of(example.getProvenance()))
                .setIsClassification(example.getIsClassification())
                .setQualityScore(example.getQualityScore())
                .setProvenance(example.getProvenance())
                .setAddedAt(Instant.now())
                .setConversation(example.getConversation())
                .build();
    }
}
