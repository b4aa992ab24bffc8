package dev.seedloop.launcher.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.seedloop.launcher.cluster.AcknowledgedWrites;
import dev.seedloop.runtime.kafka.KafkaClients;
import dev.seedloop.schemas.InstructionId;
import dev.seedloop.schemas.Topic;
import dev.seedloop.schemas.avro.Instance;
import dev.seedloop.schemas.avro.PoolEntry;
import dev.seedloop.schemas.avro.Provenance;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * {@code seedloop ingest}: a human-written dataset into the pool topic, each entry with its source, record id,
 * licence and ingest time. Records of the same instruction become one entry with their distinct instances; an
 * entry the pool already holds with those instances is not written again, so ingesting a file twice adds
 * nothing. Every record that cannot be read goes to the rejects file with its line and reason.
 */
public final class Ingest {

    /** How many records with not one readable among them make the format wrong for the file. */
    static final int FORMAT_PROBE = 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * What to ingest.
     *
     * @param sourceName the dataset's name, recorded in every entry's provenance
     */
    public record Options(Path in, IngestFormat format, String sourceName, String license, Path rejects) {
    }

    /** What the ingest did. */
    public record Summary(long records, long rejected, int instructions, int written, int alreadyInPool,
            Map<String, Long> rejectedByReason) {

        public String describe(Options options) {
            return String.format(java.util.Locale.ROOT, "  read          %d records of %s (%s)%n"
                    + "  rejected      %d %s%n  instructions  %d distinct: %d written to the pool, %d already there",
                    records, options.in(), options.format().name(), rejected, rejected == 0 ? ""
                    : rejectedByReason + " -> " + options.rejects(), instructions, written, alreadyInPool);
        }
    }

    /** The file's format does not fit: said after the first records, not after the whole file. */
    public static final class WrongFormatException extends RuntimeException {
        WrongFormatException(String message) {
            super(message);
        }
    }

    private final KafkaClients clients;
    private final Topic<String, PoolEntry> pool;
    private final Options options;
    private final PrintStream out;

    public Ingest(KafkaClients clients, Options options, PrintStream out) {
        this.clients = clients;
        this.pool = clients.settings().topics().pool();
        this.options = options;
        this.out = out;
    }

    public Summary run() throws IOException {
        Map<String, PoolEntry> entries = new LinkedHashMap<>();
        Map<String, Long> reasons = new TreeMap<>();
        long[] counts = new long[3];
        List<String> firstReasons = new ArrayList<>();
        String ingestedAt = Instant.now().toString();
        long started = System.nanoTime();
        long[] lastShown = {started};
        try (BufferedWriter rejects = Files.newBufferedWriter(options.rejects(), StandardCharsets.UTF_8)) {
            RecordReader.read(options.in(), item -> {
                counts[0]++;
                String reason = null;
                if (item instanceof RecordReader.Bad bad) {
                    reason = bad.reason();
                } else if (item instanceof RecordReader.Good good) {
                    try {
                        add(entries, options.format().parse(good.record()), good.line(), ingestedAt);
                        counts[1]++;
                    } catch (BadRecordException e) {
                        reason = e.getMessage();
                    }
                }
                if (reason != null) {
                    counts[2]++;
                    reasons.merge(category(reason), 1L, Long::sum);
                    reject(rejects, item.line(), reason);
                    if (firstReasons.size() < 3) {
                        firstReasons.add("line " + item.line() + ": " + reason);
                    }
                }
                if (counts[1] == 0 && counts[0] >= FORMAT_PROBE) {
                    throw new WrongFormatException("the first " + counts[0] + " records of " + options.in()
                            + " are not " + options.format().name() + " records (" + String.join("; ", firstReasons)
                            + "); is --format right?");
                }
                if (System.nanoTime() - lastShown[0] > 5_000_000_000L) {
                    out.printf("  ... %,d records read, %,d rejected%n", counts[0], counts[2]);
                    lastShown[0] = System.nanoTime();
                }
            });
        }
        Map<String, PoolEntry> existing = existing();
        List<ProducerRecord<String, byte[]>> writes = new ArrayList<>();
        int already = 0;
        for (PoolEntry entry : entries.values()) {
            PoolEntry current = existing.get(entry.getId());
            PoolEntry merged = current == null ? entry : merge(current, entry);
            if (merged == null) {
                already++;
                continue;
            }
            writes.add(new ProducerRecord<>(pool.name(), merged.getId(), pool.valueSerde().serializer()
                    .serialize(pool.name(), merged)));
        }
        AcknowledgedWrites.write(clients, "seedloop-ingest", writes, "writing to " + pool.name());
        return new Summary(counts[0], counts[2], entries.size(), writes.size(), already, reasons);
    }

    private void add(Map<String, PoolEntry> entries, IngestFormat.Parsed parsed, long line, String ingestedAt) {
        String id = InstructionId.of(parsed.instruction());
        PoolEntry entry = entries.get(id);
        if (entry == null) {
            entries.put(id, PoolEntry.newBuilder()
                    .setId(id)
                    .setInstruction(parsed.instruction())
                    .setInstances(new ArrayList<>(new LinkedHashSet<>(parsed.instances())))
                    .setSource(options.format().source())
                    .setIsClassification(parsed.classification())
                    .setProvenance(Provenance.newBuilder()
                            .setMethod("ingest:" + options.format().name())
                            .setDatasetName(options.sourceName())
                            .setSourceRecordId(parsed.recordId() != null ? parsed.recordId() : "line " + line)
                            .setLicense(options.license())
                            .build())
                    .setAddedAt(Instant.parse(ingestedAt))
                    .build());
            return;
        }
        Set<Instance> instances = new LinkedHashSet<>(entry.getInstances());
        instances.addAll(parsed.instances());
        entry.setInstances(new ArrayList<>(instances));
    }

    /** The entry with the new instances added, or null when it already has them all. */
    private static PoolEntry merge(PoolEntry current, PoolEntry added) {
        Set<Instance> instances = new LinkedHashSet<>(current.getInstances());
        if (instances.containsAll(added.getInstances())) {
            return null;
        }
        instances.addAll(added.getInstances());
        return PoolEntry.newBuilder(current).setInstances(new ArrayList<>(instances)).build();
    }

    /** The pool as compaction will leave it. */
    private Map<String, PoolEntry> existing() {
        Map<String, Object> config = clients.consumer("seedloop-ingest-reader", null);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Map<String, PoolEntry> existing = new LinkedHashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            TopicPartition partition = new TopicPartition(pool.name(), 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            while (consumer.position(partition) < end) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(java.time.Duration.ofMillis(500))) {
                    if (record.value() == null) {
                        existing.remove(record.key());
                        continue;
                    }
                    try {
                        existing.put(record.key(), pool.valueSerde().deserializer().deserialize(pool.name(),
                                record.value()));
                    } catch (RuntimeException e) {
                        // an unreadable pool record is the filter's to dead-letter; it holds nothing to compare with
                    }
                }
            }
        }
        return existing;
    }

    /** The reason without its particulars, for counting: "no 'response' field" is "no … field". */
    static String category(String reason) {
        return reason.replaceAll("'[^']*'", "…").replaceAll("[:(].*", "").strip();
    }

    private void reject(BufferedWriter rejects, long line, String reason) {
        ObjectNode row = JSON.createObjectNode().put("file", options.in().toString()).put("line", line)
                .put("reason", reason);
        try {
            rejects.write(JSON.writeValueAsString(row));
            rejects.newLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
