package dev.seedloop.tools.contamination;

import com.carrotsearch.hppc.LongHashSet;
import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.seedloop.filter.contamination.ContaminationIndex;
import dev.seedloop.filter.contamination.EvalSet;
import dev.seedloop.runtime.kafka.KafkaClients;
import dev.seedloop.schemas.avro.Instance;
import dev.seedloop.schemas.avro.PoolEntry;
import dev.seedloop.schemas.avro.Source;
import dev.seedloop.schemas.avro.Turn;
import dev.seedloop.tools.export.ExampleRow;
import dev.seedloop.tools.snapshot.AcknowledgedWrites;
import dev.seedloop.tools.snapshot.KeyHash;
import dev.seedloop.tools.snapshot.PoolStream;
import dev.seedloop.tools.snapshot.ReadProgress;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * {@code seedloop contamination}: the pool checked again for quoted eval items, as compaction will leave it (the last
 * value of each key, deletions applied), read as it streams by: only the entries that quote something are kept, and
 * the live keys as 64-bit hashes, so a pool of a million entries is scanned in a small heap. Every text of an entry
 * is checked: the instruction, each earlier conversation turn, each instance's input and output. With {@code
 * remove}, every entry that quotes an item is deleted from the pool (a tombstone under its key, which the filter,
 * the generator, the sink's examples file and the next export follow).
 */
public final class ContaminationScan {

    private static final JsonFactory JSON = new JsonFactory();

    /** One quote: the entry, which of its texts, and the eval item. */
    public record Found(String id, Source source, String part, ContaminationIndex.Match match, String instruction) {
    }

    /**
     * What the scan saw.
     *
     * @param entries    live pool entries checked
     * @param matched    per eval set, in the order named, the entries that quote at least one of its items
     * @param found      every quote, by entry in pool order
     * @param removed    entries deleted (with {@code remove})
     * @param unreadable pool records that could not be read (the filter dead-letters them)
     */
    public record Summary(long entries, Map<String, Long> matched, List<Found> found, long removed, long unreadable,
            Duration took) {

        /** Entries that quote at least one item of any set. */
        public long matchingEntries() {
            return found.stream().map(Found::id).distinct().count();
        }
    }

    private final KafkaClients clients;
    private final ContaminationIndex index;

    public ContaminationScan(KafkaClients clients, ContaminationIndex index) {
        this.clients = clients;
        this.index = index;
    }

    /** Reads the pool to its end and checks every live entry. */
    public Summary scan(Consumer<ReadProgress> progress) {
        long started = System.nanoTime();
        LongHashSet live = new LongHashSet();
        Map<String, List<Found>> quoting = new LinkedHashMap<>();
        long unreadable = PoolStream.read(clients, "seedloop-contamination", progress, (key, entry) -> {
            quoting.remove(key);
            if (entry == null) {
                live.remove(KeyHash.of(key));
                return;
            }
            live.add(KeyHash.of(key));
            List<Found> found = check(key, entry);
            if (!found.isEmpty()) {
                quoting.put(key, found);
            }
        });
        Map<String, Long> matched = new LinkedHashMap<>();
        for (EvalSet set : index.sets()) {
            matched.put(set.name(), 0L);
        }
        List<Found> found = new ArrayList<>();
        for (List<Found> quotes : quoting.values()) {
            found.addAll(quotes);
            quotes.stream().map(quote -> quote.match().evalSet()).distinct()
                    .forEach(set -> matched.merge(set, 1L, Long::sum));
        }
        return new Summary(live.size(), matched, found, 0, unreadable, Duration.ofNanos(System.nanoTime() - started));
    }

    /** Every quote in the entry's texts: instruction, earlier turns, each instance's input and output. */
    List<Found> check(String key, PoolEntry entry) {
        List<Found> found = new ArrayList<>();
        add(found, key, entry, "instruction", entry.getInstruction());
        if (entry.getConversation() != null) {
            for (Turn turn : entry.getConversation()) {
                add(found, key, entry, "conversation", turn.getContent());
            }
        }
        for (Instance instance : entry.getInstances()) {
            add(found, key, entry, "input", instance.getInput());
            add(found, key, entry, "output", instance.getOutput());
        }
        return found;
    }

    private void add(List<Found> found, String key, PoolEntry entry, String part, String text) {
        if (text == null || text.isEmpty()) {
            return;
        }
        for (ContaminationIndex.Match match : index.matches(text)) {
            boolean seen = found.stream().anyMatch(quote -> quote.match().evalSet().equals(match.evalSet())
                    && quote.match().itemId().equals(match.itemId()));
            if (!seen) {
                found.add(new Found(key, entry.getSource(), part, match, entry.getInstruction()));
            }
        }
    }

    /** Deletes every entry that quotes an eval item (a tombstone each); how many were deleted. */
    public long remove(Summary summary) {
        List<ProducerRecord<String, byte[]>> tombstones = new ArrayList<>();
        String pool = clients.settings().topics().pool().name();
        summary.found().stream().map(Found::id).distinct()
                .forEach(id -> tombstones.add(new ProducerRecord<String, byte[]>(pool, id, null)));
        if (!tombstones.isEmpty()) {
            AcknowledgedWrites.write(clients, "seedloop-contamination", tombstones, "removing contaminated entries");
        }
        return tombstones.size();
    }

    /** Writes every quote as a JSON line: entry, source, part, eval set, item, span, tokens, instruction. */
    public static void write(List<Found> found, Path out) throws IOException {
        try (OutputStream stream = Files.newOutputStream(out);
                JsonGenerator json = JSON.createGenerator(stream, JsonEncoding.UTF8)) {
            json.setRootValueSeparator(null);
            for (Found quote : found) {
                json.writeStartObject();
                json.writeStringField("id", quote.id());
                json.writeStringField("source", ExampleRow.source(quote.source()));
                json.writeStringField("part", quote.part());
                json.writeStringField("eval_set", quote.match().evalSet());
                json.writeStringField("item", quote.match().itemId());
                json.writeStringField("span", quote.match().span());
                json.writeNumberField("tokens", quote.match().tokens());
                json.writeStringField("instruction", quote.instruction());
                json.writeEndObject();
                json.flush();
                stream.write('\n');
            }
        }
    }

    /** Entries that quote an item, by source (for what {@code --remove} will delete). */
    public static Map<String, Long> bySource(List<Found> found) {
        Map<String, Source> sources = new LinkedHashMap<>();
        found.forEach(quote -> sources.put(quote.id(), quote.source()));
        Map<String, Long> counts = new TreeMap<>();
        sources.values().forEach(source -> counts.merge(ExampleRow.source(source), 1L, Long::sum));
        return counts;
    }
}
