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
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.Record;

/** Accepted examples become machine-written pool entries under their instruction id. */
public final class SinkTopology {

    private SinkTopology() {
    }

    public static Topology build(TopicRegistry topics) {
        StreamsBuilder builder = new StreamsBuilder();
        KStream<String, PoolEntry> entries = builder
                .stream(topics.examples().name(), consumed(topics.examples(), "examples-source"))
                .process(PoolEntries::new, Named.as("pool-entries"));
        entries.to(topics.pool().name(), produced(topics.pool(), "pool-sink"));
        return builder.build();
    }

    /**
     * Each example as its pool entry, keyed by its id, added at the example record's timestamp: the time the loop
     * accepted it, the same however often the record is processed again (never the clock of the sink's host).
     */
    private static final class PoolEntries extends ContextualProcessor<String, Example, String, PoolEntry> {
        @Override
        public void process(Record<String, Example> record) {
            PoolEntry entry = toPoolEntry(record.value(), Instant.ofEpochMilli(record.timestamp()));
            context().forward(record.withKey(entry.getId()).withValue(entry));
        }
    }

    /**
     * The pool entry an accepted example becomes, under its instruction id: machine-written unless it was
     * ingested, added at {@code addedAt}.
     */
    public static PoolEntry toPoolEntry(Example example, Instant addedAt) {
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
                .setAddedAt(addedAt)
                .setConversation(example.getConversation())
                .setEmbedding(example.getEmbedding())
                .build();
    }
}
