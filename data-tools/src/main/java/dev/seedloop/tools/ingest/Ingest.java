package dev.seedloop.tools.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.seedloop.embedding.EmbeddingRecords;
import dev.seedloop.embedding.InstructionEmbedder;
import dev.seedloop.runtime.kafka.KafkaClients;
import dev.seedloop.schemas.InstructionId;
import dev.seedloop.schemas.Sources;
import dev.seedloop.schemas.Topic;
import dev.seedloop.schemas.avro.CandidateInstruction;
import dev.seedloop.schemas.avro.Instance;
import dev.seedloop.schemas.avro.InstanceSource;
import dev.seedloop.schemas.avro.PoolEntry;
import dev.seedloop.schemas.avro.Provenance;
import dev.seedloop.schemas.avro.Turn;
import dev.seedloop.tools.snapshot.AcknowledgedWrites;
import dev.seedloop.tools.snapshot.PoolStream;
import dev.seedloop.tools.snapshot.ReadProgress;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * {@code seedloop ingest}: a human-written dataset into the pool topic, each entry with its source, record id,
 * licence and ingest time. Records of the same instruction become one entry with their distinct instances; an
 * entry the pool already holds with those instances is not written again, so ingesting a file twice adds
 * nothing. Every record that cannot be read goes to the rejects file with its line and reason. Neither the file nor
 * the pool is held in the heap ({@link IngestSpill}).
 */
public final class Ingest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The text (UTF-8) one pool entry may hold: its Kafka record stays well under the 1 MiB limit. */
    static final long MAX_ENTRY_BYTES = 512 * 1024;

    /**
     * What to ingest.
     *
     * @param sourceName the dataset's name, recorded in every entry's provenance
     * @param filter     write candidates for the filter to judge instead of pool entries
     */
    public record Options(Path in, IngestFormat format, String sourceName, String license, Path rejects,
            boolean filter) {

        public Options(Path in, IngestFormat format, String sourceName, String license, Path rejects) {
            this(in, format, sourceName, license, rejects, false);
        }
    }

    /**
     * What the ingest did.
     *
     * @param examples         examples read (a conversation gives one per answered turn)
     * @param written          pool entries written, or candidates with {@code --filter}
     * @param candidateIds     the candidates written with {@code --filter}
     * @param ingestedAt       when the ingest began: every record it wrote, and every verdict on them, is later
     */
    public record Summary(long records, long rejected, long examples, int instructions, int written,
            int alreadyInPool, Map<String, Long> rejectedByReason, Map<String, Long> skippedByReason,
            List<String> candidateIds, Instant ingestedAt) {

        public long skipped() {
            return skippedByReason.values().stream().mapToLong(Long::longValue).sum();
        }

        public String describe(Options options) {
            StringBuilder text = new StringBuilder(String.format(java.util.Locale.ROOT,
                    "  read          %,d records of %s (%s): %,d examples%n", records, options.in(),
                    options.format().name(), examples));
            if (!skippedByReason.isEmpty()) {
                text.append(String.format(java.util.Locale.ROOT, "  skipped       %,d (%s)%n", skipped(),
                        counts(skippedByReason)));
            }
            text.append(String.format(java.util.Locale.ROOT, "  rejected      %,d%s%n", rejected, rejected == 0 ? ""
                    : " (" + counts(rejectedByReason) + ") -> " + options.rejects()));
            text.append(String.format(java.util.Locale.ROOT, "  instructions  %,d distinct: %,d %s, %,d already in "
                    + "the pool", instructions, written, options.filter() ? "written as candidates for the filter"
                    : "written to the pool", alreadyInPool));
            return text.toString();
        }
    }

    /** "reason: count; reason: count", most frequent first: a count never reads as an option's value. */
    static String counts(Map<String, Long> byReason) {
        return byReason.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .map(entry -> entry.getKey() + ": " + String.format(java.util.Locale.ROOT, "%,d", entry.getValue()))
                .collect(java.util.stream.Collectors.joining("; "));
    }

    /** The file's format does not fit: said after the first records, not after the whole file. */
    public static final class WrongFormatException extends RuntimeException {
        WrongFormatException(String message) {
            super(message);
        }
    }

    private final KafkaClients clients;
    private final Topic<String, PoolEntry> pool;
    private final InstructionEmbedder embedder;
    private final int batchSize;
    private final Options options;
    private final PrintStream out;

    public Ingest(KafkaClients clients, Options options, PrintStream out) {
        this(clients, options, out, null, 64);
    }

    /**
     * An ingest that gives each entry (or candidate) it writes its instruction's vector from {@code embedder} (null:
     * none), {@code batchSize} texts at a time, so the semantic rule can compare with them.
     */
    public Ingest(KafkaClients clients, Options options, PrintStream out, InstructionEmbedder embedder,
            int batchSize) {
        this.clients = clients;
        this.pool = clients.settings().topics().pool();
        this.options = options;
        this.out = out;
        this.embedder = embedder;
        this.batchSize = batchSize;
    }

    public Summary run() throws IOException {
        return run(progress -> { });
    }

    /**
     * Ingests the file, telling {@code progress} how far each step has got. The file's examples and the pool's
     * values of the same instructions are kept in a temporary file ({@link IngestSpill}), not in the heap, and the
     * entries are written as they are merged, so a file of millions of records is ingested in a small heap.
     */
    public Summary run(Consumer<ReadProgress> progress) throws IOException {
        Map<String, Long> reasons = new TreeMap<>();
        Map<String, Long> skipped = new TreeMap<>();
        Tally tally = new Tally();
        FormatProbe probe = new FormatProbe(options.in(), options.format());
        Instant ingestedAt = Instant.now();
        try (IngestSpill spill = IngestSpill.create(Path.of(System.getProperty("java.io.tmpdir")), pool)) {
            try (RejectsFile rejects = new RejectsFile(options.rejects())) {
                try {
                    read(rejects, spill, reasons, skipped, tally, probe, ingestedAt, progress);
                } catch (WrongFormatException e) {
                    // The file was not read at all: rejects written while its format was in doubt would mislead
                    rejects.discard();
                    throw e;
                }
            }
            PoolStream.read(clients, "seedloop-ingest-reader", progress, (key, entry) -> {
                int slot = spill.slot(key, false);
                if (slot >= 0) {
                    spill.setPoolValue(slot, entry);
                }
            });
            spill.finishWriting();
            return write(spill, reasons, skipped, tally, ingestedAt, progress);
        }
    }

    /** Reads the file into {@code spill}, its unreadable records into the rejects file, counting as it goes. */
    private void read(RejectsFile rejects, IngestSpill spill, Map<String, Long> reasons, Map<String, Long> skipped,
            Tally tally, FormatProbe probe, Instant ingestedAt, Consumer<ReadProgress> progress) throws IOException {
        long lines = lines(options.in());
        long started = System.nanoTime();
        options.format().read(options.in(), item -> {
            if (item instanceof RecordReader.Skipped skip) {
                skipped.merge(skip.reason(), 1L, Long::sum);
                return;
            }
            tally.read++;
            String reason = null;
            if (item instanceof RecordReader.Bad bad) {
                reason = bad.reason();
            } else if (item instanceof RecordReader.Good good) {
                try {
                    List<IngestFormat.Parsed> examples = options.format().parse(good.record(), tally.readable);
                    admit(spill, examples);
                    for (IngestFormat.Parsed parsed : examples) {
                        add(spill, parsed, good.line(), ingestedAt);
                    }
                    tally.readable++;
                    tally.examples += examples.size();
                    probe.readable();
                } catch (SkippedRecordException e) {
                    // Left out by design, like a reader's skipped items: not a record read, not a reject
                    tally.read--;
                    skipped.merge(e.getMessage(), 1L, Long::sum);
                    return;
                } catch (BadRecordException e) {
                    reason = e.getMessage();
                }
            }
            if (reason != null) {
                tally.rejected++;
                reasons.merge(category(reason), 1L, Long::sum);
                rejects.write(JSON.createObjectNode().put("file", options.in().toString())
                        .put("line", item.line()).put("reason", reason));
                probe.unreadable(item.line(), reason);
            }
            if (tally.read % 1000 == 0) {
                Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
                progress.accept(lines > 0 ? new ReadProgress("lines read", Math.min(item.line(), lines), lines,
                        elapsed) : new ReadProgress("records read", tally.read, 0, elapsed));
            }
        });
    }

    /**
     * The lines of a file read line by line, for progress; 0 for a JSON array, whose records are not lines. Counting
     * the newlines of a large file takes a fraction of the time reading its records does.
     */
    private static long lines(Path file) throws IOException {
        long lines = 0;
        boolean array = false;
        boolean started = false;
        byte last = '\n';
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
            while (channel.read(buffer) > 0) {
                buffer.flip();
                while (buffer.hasRemaining()) {
                    byte b = buffer.get();
                    if (!started && !Character.isWhitespace(b) && (b & 0xff) < 0x80) {
                        started = true;
                        array = b == '[';
                    }
                    if (b == '\n') {
                        lines++;
                    }
                    last = b;
                }
                buffer.clear();
            }
        }
        return array ? 0 : last == '\n' ? lines : lines + 1;
    }

    /**
     * Writes what is new to the pool (or, to be judged, to the candidates) as it is merged, and sums up: per
     * instruction in the order the file first names it, its examples merged, then with the pool's value.
     */
    private Summary write(IngestSpill spill, Map<String, Long> reasons, Map<String, Long> skipped, Tally tally,
            Instant ingestedAt, Consumer<ReadProgress> progress) {
        Topic<String, CandidateInstruction> candidates = clients.settings().topics().candidates();
        String topic = options.filter() ? candidates.name() : pool.name();
        String run = "ingest-" + Long.toString(ingestedAt.toEpochMilli(), 36);
        List<String> candidateIds = new ArrayList<>();
        int instructions = 0;
        int already = 0;
        int[] embedded = {0};
        long started = System.nanoTime();
        try (AcknowledgedWrites writes = AcknowledgedWrites.open(clients, "seedloop-ingest", "writing to " + topic)) {
            List<PoolEntry> batch = new ArrayList<>();
            for (int slot = 0; slot < spill.size(); slot++) {
                List<PoolEntry> examples = spill.examples(slot);
                if (!examples.isEmpty()) {
                    instructions++;
                    PoolEntry entry = merged(examples);
                    PoolEntry current = spill.poolValue(slot);
                    PoolEntry changed = current == null ? entry : merge(current, entry);
                    if (changed == null) {
                        already++;
                    } else {
                        batch.add(changed);
                    }
                }
                if (batch.size() == WRITE_BATCH || slot == spill.size() - 1) {
                    embedded[0] += send(batch, writes, run, candidateIds, ingestedAt);
                    batch.clear();
                }
                if (slot % 1000 == 999) {
                    progress.accept(new ReadProgress("instructions merged and written", slot + 1, spill.size(),
                            Duration.ofNanos(System.nanoTime() - started)));
                }
            }
        }
        int written = instructions - already;
        if (embedder != null && written > 0) {
            out.printf(Locale.ROOT, "  Vectors %,d of %,d entries embedded with %s%n", embedded[0], written,
                    embedder.model());
        }
        return new Summary(tally.read, tally.rejected, tally.examples, instructions, written, already, reasons,
                skipped, candidateIds, ingestedAt);
    }

    /** Entries embedded and written at a time. */
    private static final int WRITE_BATCH = 1024;

    /** Embeds {@code batch} (when an embedder is given) and sends it; how many entries got a vector. */
    private int send(List<PoolEntry> batch, AcknowledgedWrites writes, String run, List<String> candidateIds,
            Instant ingestedAt) {
        int embedded = embedder == null || batch.isEmpty() ? 0
                : EmbeddingRecords.embedInto(batch, embedder, batchSize);
        Topic<String, CandidateInstruction> candidates = clients.settings().topics().candidates();
        for (PoolEntry entry : batch) {
            if (!options.filter()) {
                writes.send(new ProducerRecord<>(pool.name(), entry.getId(), pool.valueSerde().serializer()
                        .serialize(pool.name(), entry)));
                continue;
            }
            // The entry as a candidate for the filter: judged like generated ones, with its provenance
            String candidateId = run + "-" + candidateIds.size();
            candidateIds.add(candidateId);
            CandidateInstruction candidate = CandidateInstruction.newBuilder()
                    .setCandidateId(candidateId)
                    .setInstructionId(entry.getId())
                    .setInstruction(entry.getInstruction())
                    .setInstances(entry.getInstances())
                    .setConversation(entry.getConversation())
                    .setProvenance(entry.getProvenance())
                    .setEmbedding(entry.getEmbedding())
                    .setGeneratedAt(ingestedAt)
                    .build();
            writes.send(new ProducerRecord<>(candidates.name(), candidateId, candidates.valueSerde().serializer()
                    .serialize(candidates.name(), candidate)));
        }
        return embedded;
    }

    /** One entry of an instruction's examples in file order: the first, with every distinct instance. */
    private static PoolEntry merged(List<PoolEntry> examples) {
        PoolEntry first = examples.get(0);
        if (examples.size() == 1) {
            return first;
        }
        Set<Instance> instances = new LinkedHashSet<>();
        examples.forEach(example -> instances.addAll(example.getInstances()));
        first.setInstances(new ArrayList<>(instances));
        return first;
    }

    /**
     * Counts the record's examples against the size their pool entries may reach, all or none: a record that
     * would make an entry too large is refused whole, with the reason.
     */
    private static void admit(IngestSpill spill, List<IngestFormat.Parsed> examples) {
        Map<Integer, Long> added = new HashMap<>();
        for (IngestFormat.Parsed parsed : examples) {
            long size = utf8Length(parsed.instruction());
            for (Instance instance : parsed.instances()) {
                size += utf8Length(instance.getInput()) + utf8Length(instance.getOutput());
            }
            for (Turn turn : parsed.conversation()) {
                size += utf8Length(turn.getContent());
            }
            if (size > MAX_ENTRY_BYTES) {
                throw new BadRecordException("record of " + size / 1024 + " KiB, over the " + MAX_ENTRY_BYTES / 1024
                        + " KiB a pool entry may hold");
            }
            int slot = spill.slot(InstructionId.of(parsed.instruction(), parsed.conversation()), true);
            long total = spill.bytes(slot) + added.merge(slot, size, Long::sum);
            if (total > MAX_ENTRY_BYTES) {
                throw new BadRecordException("the instruction's pool entry is full (" + MAX_ENTRY_BYTES / 1024
                        + " KiB of instances); a template can put the input in the instruction instead");
            }
        }
        added.forEach(spill::addBytes);
    }

    /** Bytes of {@code text} in UTF-8, without encoding it. */
    static long utf8Length(String text) {
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    private void add(IngestSpill spill, IngestFormat.Parsed parsed, long line, Instant ingestedAt) {
        String id = InstructionId.of(parsed.instruction(), parsed.conversation());
        String license = parsed.license() != null ? parsed.license() : options.license();
        spill.addExample(spill.slot(id, true), PoolEntry.newBuilder()
                .setId(id)
                .setInstruction(parsed.instruction())
                .setInstances(new ArrayList<>(new LinkedHashSet<>(parsed.instances())))
                .setConversation(parsed.conversation().isEmpty() ? null : parsed.conversation())
                .setSource(options.format().source())
                .setIsClassification(parsed.classification())
                .setProvenance(Provenance.newBuilder()
                        .setMethod(Sources.INGEST + options.format().name())
                        .setInstanceSource(InstanceSource.WITH_CANDIDATE)
                        .setDatasetName(options.sourceName())
                        .setSourceRecordId(parsed.recordId() != null ? parsed.recordId() : "line " + line)
                        .setLicense(license)
                        .build())
                .setAddedAt(ingestedAt)
                .build());
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

    /** The reason without its particulars, for counting: "no 'response' field" is "no … field". */
    static String category(String reason) {
        return reason.replaceAll("'[^']*'", "…").replaceAll("[:(].*", "").strip();
    }

    /** What reading the file has counted so far; the reading callback's only. */
    private static final class Tally {
        /** Records read, readable or not (skipped items aside). */
        long read;
        /** Records that parsed: the position the next one has among them. */
        long readable;
        long rejected;
        /** Examples the readable records held (a conversation holds one per turn). */
        long examples;
    }

    /** The rejects file, created with its folder on the first reject only: no rejects, no file. */
    private static final class RejectsFile implements AutoCloseable {
        private final Path path;
        private BufferedWriter writer;

        RejectsFile(Path path) {
            this.path = path;
        }

        void write(ObjectNode row) {
            try {
                if (writer == null) {
                    Path folder = path.toAbsolutePath().getParent();
                    if (folder != null) {
                        Files.createDirectories(folder);
                    }
                    writer = Files.newBufferedWriter(path, StandardCharsets.UTF_8);
                }
                writer.write(JSON.writeValueAsString(row));
                writer.newLine();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the rejects file " + path + ": " + e.getMessage(), e);
            }
        }

        /** Closes the file and deletes it, if this run created it. */
        void discard() throws IOException {
            if (writer != null) {
                writer.close();
                writer = null;
                Files.deleteIfExists(path);
            }
        }

        @Override
        public void close() throws IOException {
            if (writer != null) {
                writer.close();
            }
        }
    }
}
