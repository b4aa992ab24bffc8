package dev.seedloop.filter.offline;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.seedloop.embedding.EmbeddingRecords;
import dev.seedloop.embedding.InstructionEmbedder;
import dev.seedloop.filter.BatchJudge;
import dev.seedloop.filter.FilterRules;
import dev.seedloop.filter.PoolJudge;
import dev.seedloop.filter.rule.ContaminationCheck;
import dev.seedloop.filter.rule.Violation;
import dev.seedloop.schemas.InstructionId;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The instruction filter on a file's records: each judged in order against the pool (an optional preloaded pool
 * plus every earlier record accepted), one verdict line out per record in. A record that holds no instruction is
 * reported as malformed, with the reason, and the run goes on. Reading the file is the caller's (the same readers
 * as {@code seedloop ingest}, so the two never disagree about a file).
 */
public final class FileFilter {

    /** One record of the input, in file order: its instruction, or why it has none. */
    public sealed interface Record {
        /** Where the record starts in the file, from 1. */
        long line();
    }

    /**
     * A record's instruction, and its other texts (inputs, outputs, earlier turns of a conversation), which only the
     * contamination rule reads.
     */
    public record Instruction(long line, String text, List<String> others) implements Record {

        public Instruction {
            others = List.copyOf(others);
        }

        /** An instruction alone. */
        public Instruction(long line, String text) {
            this(line, text, List.of());
        }
    }

    /** A record that holds no instruction, and why. */
    public record Malformed(long line, String reason) implements Record {
    }

    /** The records of an input, handed over in order. */
    @FunctionalInterface
    public interface Records {
        void forEach(Consumer<Record> each) throws IOException;
    }

    /** Reason code of a line that holds no instruction. */
    public static final String MALFORMED = "malformed";

    private static final int BLOCK = 8192;
    /** Records per block with the semantic rule: what the embedder takes between progress reports. */
    private static final int SEMANTIC_BLOCK = 512;
    private static final int EMBEDDING_BATCH = 64;
    private static final JsonFactory JSON = new JsonFactory();

    private final PoolJudge judge;
    private final int threads;
    /** Vectors for the semantic rule, or null when it is off. */
    private final InstructionEmbedder embedder;
    /** What each pool entry is called in verdicts: a line number (Integer) or a preloaded pool id (String). */
    private final List<Object> labels = new ArrayList<>();

    public FileFilter(FilterRules rules, int threads) {
        this(rules, threads, null);
    }

    /**
     * A filter whose semantic rule, when on, compares the vectors {@code embedder} makes (of the rules' model); the
     * records are then judged one at a time, and the embedding, in batches, is what runs on every core.
     */
    public FileFilter(FilterRules rules, int threads, InstructionEmbedder embedder) {
        if (rules.semanticDuplicate().isPresent() && (embedder == null
                || !embedder.model().equals(rules.embeddingModel().orElseThrow()))) {
            throw new IllegalArgumentException("the semantic rule compares vectors of "
                    + rules.embeddingModel().orElseThrow() + ": give the filter that model's embedder");
        }
        this.judge = new PoolJudge(rules);
        this.threads = threads;
        this.embedder = rules.semanticDuplicate().isPresent() ? embedder : null;
    }

    /**
     * Preloads the instructions of {@code pool} without judging them, each named by its pool id in verdicts.
     *
     * @return records that hold no instruction (each reported to {@code problems})
     */
    public long preload(Records pool, Consumer<String> problems) throws IOException {
        long[] skipped = {0};
        judge.beginBulkLoad();
        List<String> waiting = new ArrayList<>();
        try {
            pool.forEach(record -> {
                if (record instanceof Instruction instruction) {
                    if (embedder == null) {
                        label(judge.admit(instruction.text()), InstructionId.of(instruction.text()));
                    } else {
                        waiting.add(instruction.text());
                        if (waiting.size() == SEMANTIC_BLOCK) {
                            preloadWithVectors(waiting);
                        }
                    }
                } else if (record instanceof Malformed malformed) {
                    skipped[0]++;
                    problems.accept("line " + malformed.line() + ": " + malformed.reason());
                }
            });
            preloadWithVectors(waiting);
        } finally {
            judge.endBulkLoad();
        }
        return skipped[0];
    }

    private void preloadWithVectors(List<String> texts) {
        if (texts.isEmpty()) {
            return;
        }
        List<PoolJudge.Text> withVectors = texts(texts);
        for (PoolJudge.Text text : withVectors) {
            label(judge.admit(text), text.id());
        }
        texts.clear();
    }

    /** {@code texts} with their vectors, embedded in batches on every core. */
    private List<PoolJudge.Text> texts(List<String> texts) {
        String model = embedder.model();
        List<PoolJudge.Text> made = new ArrayList<>(texts.size());
        for (int from = 0; from < texts.size(); from += EMBEDDING_BATCH) {
            List<String> batch = texts.subList(from, Math.min(texts.size(), from + EMBEDDING_BATCH));
            List<InstructionEmbedder.Result> results = embedder.embed(batch);
            for (int i = 0; i < batch.size(); i++) {
                made.add(results.get(i) instanceof InstructionEmbedder.Embedded vector
                        ? PoolJudge.Text.of(batch.get(i), EmbeddingRecords.of(vector), model)
                        : PoolJudge.Text.withoutVector(batch.get(i),
                                ((InstructionEmbedder.Refused) results.get(i)).reason()));
            }
        }
        return made;
    }

    /** Judges every record of {@code in}, writing one verdict per record to {@code out}. */
    public Summary run(Records in, Path out, Consumer<Progress> progress) throws IOException, InterruptedException {
        long started = System.nanoTime();
        Counts counts = new Counts();
        try (OutputStream output = new BufferedOutputStream(Files.newOutputStream(out), 1 << 16);
                BatchJudge batch = new BatchJudge(judge, threads)) {
            List<Record> block = new ArrayList<>(BLOCK);
            try {
                in.forEach(record -> {
                    block.add(record);
                    if (block.size() == (embedder == null ? BLOCK : SEMANTIC_BLOCK)) {
                        judge(block, batch, output, counts, progress, started);
                    }
                });
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            judge(block, batch, output, counts, progress, started);
        } catch (Interrupted e) {
            throw e.cause;
        }
        return new Summary(counts.lines, counts.accepted, counts.reasons,
                Duration.ofNanos(System.nanoTime() - started));
    }

    /** Judges a block of records in order and writes their verdicts; empties the block. */
    private void judge(List<Record> block, BatchJudge batch, OutputStream output, Counts counts,
            Consumer<Progress> progress, long started) {
        List<String> texts = new ArrayList<>(block.size());
        Map<Record, Violation> quoting = new IdentityHashMap<>();
        for (Record record : block) {
            if (record instanceof Instruction instruction) {
                Optional<Violation> quote = quotes(instruction);
                if (quote.isPresent()) {
                    quoting.put(record, quote.get());
                } else {
                    texts.add(instruction.text());
                }
            }
        }
        try {
            List<BatchJudge.Decision> verdicts = embedder == null ? batch.judgeAndAdmit(texts) : judgeInOrder(texts);
            int next = 0;
            for (Record record : block) {
                if (record instanceof Malformed malformed) {
                    counts.count(MALFORMED);
                    write(output, verdictLine(malformed));
                    continue;
                }
                if (quoting.containsKey(record)) {
                    Violation violation = quoting.get(record);
                    counts.count(violation.rule());
                    write(output, verdictLine(record.line(), new PoolJudge.Judgement.Fail(
                            InstructionId.of(((Instruction) record).text()), violation, -1)));
                    continue;
                }
                BatchJudge.Decision decision = verdicts.get(next++);
                if (decision.judgement() instanceof PoolJudge.Judgement.Pass pass) {
                    label(decision.entry(), (int) record.line());
                    counts.count(null);
                    write(output, verdictLine(record.line(), pass));
                } else {
                    PoolJudge.Judgement.Fail fail = (PoolJudge.Judgement.Fail) decision.judgement();
                    counts.count(fail.violation().rule());
                    write(output, verdictLine(record.line(), fail));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            throw new Interrupted(e);
        }
        block.clear();
        progress.accept(new Progress(counts.lines, counts.accepted, Duration.ofNanos(System.nanoTime() - started)));
    }

    /**
     * A quoted eval item in the record's other texts (its instruction the judge checks with the other rules), when
     * the contamination rule is on: such a record is rejected without joining the pool.
     */
    private Optional<Violation> quotes(Instruction instruction) {
        if (instruction.others().isEmpty() || judge.rules().contamination().isEmpty()) {
            return Optional.empty();
        }
        ContaminationCheck check = judge.rules().contamination().get();
        for (String text : instruction.others()) {
            Optional<Violation> quote = check.check(text, "record");
            if (quote.isPresent()) {
                return quote;
            }
        }
        return Optional.empty();
    }

    /** With the semantic rule: the block's vectors first, then each record in order against the pool. */
    private List<BatchJudge.Decision> judgeInOrder(List<String> instructions) {
        List<BatchJudge.Decision> decisions = new ArrayList<>(instructions.size());
        for (PoolJudge.Text text : texts(instructions)) {
            PoolJudge.Judgement judgement = judge.judge(text);
            int entry = judgement instanceof PoolJudge.Judgement.Pass ? judge.admit(text) : -1;
            decisions.add(new BatchJudge.Decision(judgement, entry));
        }
        return decisions;
    }

    /** Carries an interrupt out of the record callback. */
    private static final class Interrupted extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient InterruptedException cause;

        Interrupted(InterruptedException cause) {
            this.cause = cause;
        }
    }

    private void label(int entry, Object label) {
        while (labels.size() <= entry) {
            labels.add(null);
        }
        if (labels.get(entry) == null) {
            labels.set(entry, label);
        }
    }

    private String verdictLine(long number, PoolJudge.Judgement.Pass pass) {
        return json(generator -> {
            generator.writeNumberField("line", number);
            generator.writeBooleanField("accepted", true);
            generator.writeNullField("reason");
            // A score is exact only above the floor; below it the line says null rather than a guess.
            writeScore(generator, pass.closest() >= 0 ? pass.score() : null);
            writeDuplicate(generator, -1);
            if (embedder != null) {
                writeCosine(generator, pass.nearest() == null ? null : pass.nearest().cosine());
            }
        });
    }

    private String verdictLine(long number, PoolJudge.Judgement.Fail fail) {
        boolean near = FilterRules.NEAR_DUPLICATE.equals(fail.violation().rule());
        boolean semantic = FilterRules.SEMANTIC_DUPLICATE.equals(fail.violation().rule());
        return json(generator -> {
            generator.writeNumberField("line", number);
            generator.writeBooleanField("accepted", false);
            generator.writeStringField("reason", fail.violation().rule());
            writeScore(generator, near ? fail.violation().score().getAsDouble() : null);
            writeDuplicate(generator, fail.duplicate());
            if (embedder != null) {
                writeCosine(generator, semantic && fail.violation().score().isPresent()
                        ? fail.violation().score().getAsDouble() : null);
            }
            generator.writeStringField("detail", fail.violation().detail());
        });
    }

    private static String verdictLine(Malformed problem) {
        return json(generator -> {
            generator.writeNumberField("line", problem.line());
            generator.writeBooleanField("accepted", false);
            generator.writeStringField("reason", MALFORMED);
            generator.writeNullField("score");
            generator.writeNullField("duplicateOf");
            generator.writeStringField("error", problem.reason());
        });
    }

    private static void writeScore(JsonGenerator generator, Double score) throws IOException {
        if (score == null) {
            generator.writeNullField("score");
        } else {
            generator.writeNumberField("score", score);
        }
    }

    private static void writeCosine(JsonGenerator generator, Double cosine) throws IOException {
        if (cosine == null) {
            generator.writeNullField("cosine");
        } else {
            generator.writeNumberField("cosine", cosine);
        }
    }

    private void writeDuplicate(JsonGenerator generator, int entry) throws IOException {
        Object label = entry >= 0 && entry < labels.size() ? labels.get(entry) : null;
        if (label instanceof Integer line) {
            generator.writeNumberField("duplicateOf", line);
        } else if (label instanceof String id) {
            generator.writeStringField("duplicateOf", id);
        } else {
            generator.writeNullField("duplicateOf");
        }
    }

    private static String json(Fields fields) {
        StringWriter text = new StringWriter(128);
        try (JsonGenerator generator = JSON.createGenerator((Writer) text)) {
            generator.writeStartObject();
            fields.write(generator);
            generator.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    private static void write(OutputStream output, String line) throws IOException {
        output.write(line.getBytes(StandardCharsets.UTF_8));
        output.write('\n');
    }

    @FunctionalInterface
    private interface Fields {
        void write(JsonGenerator generator) throws IOException;
    }

    private static final class Counts {
        long lines;
        long accepted;
        final Map<String, Long> reasons = new TreeMap<>();

        void count(String reason) {
            lines++;
            if (reason == null) {
                accepted++;
            } else {
                reasons.merge(reason, 1L, Long::sum);
            }
        }
    }

    /** Lines judged so far. */
    public record Progress(long lines, long accepted, Duration elapsed) {
    }

    /** What a run did: lines, accepted, rejected by reason (including malformed) and how long it took. */
    public record Summary(long lines, long accepted, Map<String, Long> rejected, Duration elapsed) {

        public Optional<Long> malformed() {
            return Optional.ofNullable(rejected.get(MALFORMED));
        }
    }
}
