package dev.seedloop.filter.offline;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.seedloop.filter.BatchJudge;
import dev.seedloop.filter.FilterRules;
import dev.seedloop.filter.PoolJudge;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The instruction filter on a file: every line judged in order against the pool (an optional preloaded pool
 * plus every earlier line accepted), one verdict line out per line in. A line that holds no instruction is
 * reported as malformed, with the reason, and the run goes on.
 */
public final class FileFilter {

    /** Reason code of a line that holds no instruction. */
    public static final String MALFORMED = "malformed";

    private static final int BLOCK = 8192;
    private static final JsonFactory JSON = new JsonFactory();

    private final PoolJudge judge;
    private final int threads;
    /** What each pool entry is called in verdicts: a line number (Integer) or a preloaded pool id (String). */
    private final List<Object> labels = new ArrayList<>();

    public FileFilter(FilterRules rules, double scoreFloor, int threads) {
        this.judge = new PoolJudge(rules, scoreFloor);
        this.threads = threads;
    }

    /**
     * Preloads {@code file}'s instructions into the pool without judging them.
     *
     * @return lines that could not be read (each reported to {@code problems})
     */
    public long preload(Path file, Consumer<String> problems) throws IOException {
        long skipped = 0;
        long number = 0;
        judge.beginBulkLoad();
        try (LineReader reader = new LineReader(Files.newInputStream(file))) {
            LineReader.Line line;
            while ((line = reader.next()) != null) {
                number++;
                try {
                    String instruction = InstructionLine.instruction(line.text());
                    label(judge.admit(instruction), InstructionId.of(instruction));
                } catch (InstructionLine.MalformedLineException e) {
                    skipped++;
                    problems.accept(file + ":" + number + ": " + e.getMessage());
                }
            }
        } finally {
            judge.endBulkLoad();
        }
        return skipped;
    }

    /** Judges every line of {@code in}, writing one verdict per line to {@code out}. */
    public Summary run(Path in, Path out, Consumer<Progress> progress) throws IOException, InterruptedException {
        long started = System.nanoTime();
        Counts counts = new Counts();
        if (out.toAbsolutePath().getParent() != null) {
            Files.createDirectories(out.toAbsolutePath().getParent());
        }
        try (LineReader reader = new LineReader(Files.newInputStream(in));
                OutputStream output = new BufferedOutputStream(Files.newOutputStream(out), 1 << 16);
                BatchJudge batch = new BatchJudge(judge, threads)) {
            long number = 0;
            boolean more = true;
            while (more) {
                List<String> texts = new ArrayList<>(BLOCK);
                List<Object> parsed = new ArrayList<>(BLOCK);
                for (int k = 0; k < BLOCK; k++) {
                    LineReader.Line line = reader.next();
                    if (line == null) {
                        more = false;
                        break;
                    }
                    try {
                        String instruction = InstructionLine.instruction(line.text());
                        texts.add(instruction);
                        parsed.add(instruction);
                    } catch (InstructionLine.MalformedLineException e) {
                        parsed.add(e);
                    }
                }
                List<BatchJudge.Decision> verdicts = batch.judgeAndAdmit(texts);
                int next = 0;
                for (Object item : parsed) {
                    number++;
                    if (item instanceof InstructionLine.MalformedLineException problem) {
                        counts.count(MALFORMED);
                        write(output, verdictLine(number, problem));
                    } else {
                        BatchJudge.Decision decision = verdicts.get(next++);
                        if (decision.judgement() instanceof PoolJudge.Judgement.Pass pass) {
                            label(decision.entry(), (int) number);
                            counts.count(null);
                            write(output, verdictLine(number, pass));
                        } else {
                            PoolJudge.Judgement.Fail fail = (PoolJudge.Judgement.Fail) decision.judgement();
                            counts.count(fail.violation().rule());
                            write(output, verdictLine(number, fail));
                        }
                    }
                }
                progress.accept(new Progress(number, counts.accepted, Duration.ofNanos(System.nanoTime() - started)));
            }
        }
        return new Summary(counts.lines, counts.accepted, counts.reasons, Duration.ofNanos(System.nanoTime() - started));
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
        });
    }

    private String verdictLine(long number, PoolJudge.Judgement.Fail fail) {
        boolean near = FilterRules.NEAR_DUPLICATE.equals(fail.violation().rule());
        return json(generator -> {
            generator.writeNumberField("line", number);
            generator.writeBooleanField("accepted", false);
            generator.writeStringField("reason", fail.violation().rule());
            writeScore(generator, near ? fail.violation().score().getAsDouble() : null);
            writeDuplicate(generator, fail.duplicate());
            generator.writeStringField("detail", fail.violation().detail());
        });
    }

    private static String verdictLine(long number, InstructionLine.MalformedLineException problem) {
        return json(generator -> {
            generator.writeNumberField("line", number);
            generator.writeBooleanField("accepted", false);
            generator.writeStringField("reason", MALFORMED);
            generator.writeNullField("score");
            generator.writeNullField("duplicateOf");
            generator.writeStringField("error", problem.getMessage());
        });
    }

    private static void writeScore(JsonGenerator generator, Double score) throws IOException {
        if (score == null) {
            generator.writeNullField("score");
        } else {
            generator.writeNumberField("score", score);
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
