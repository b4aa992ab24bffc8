package dev.seedloop.tools.report;

import com.carrotsearch.hppc.ByteArrayList;
import com.carrotsearch.hppc.DoubleArrayList;
import com.carrotsearch.hppc.IntArrayList;
import com.carrotsearch.hppc.LongArrayList;
import com.carrotsearch.hppc.cursors.DoubleCursor;
import dev.seedloop.filter.contamination.ContaminationIndex;
import dev.seedloop.filter.dedup.RougeL;
import dev.seedloop.filter.dedup.RougeTokenizer;
import dev.seedloop.filter.instruction.BenchmarkContaminationRule;
import dev.seedloop.runtime.kafka.KafkaClients;
import dev.seedloop.schemas.TopicRegistry;
import dev.seedloop.schemas.avro.AcceptedInstruction;
import dev.seedloop.schemas.avro.PoolEntry;
import dev.seedloop.schemas.avro.Rejection;
import dev.seedloop.schemas.avro.Source;
import dev.seedloop.tools.snapshot.PoolSpill;
import dev.seedloop.tools.snapshot.ReadProgress;
import dev.seedloop.tools.snapshot.TopicStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * {@code seedloop report}: one self-contained HTML page about the data: the funnel, rejections by reason, the
 * distribution of max ROUGE-L against the pool, instruction and output lengths, the source mix over time and
 * the diversity of root verbs and their objects. Charts are inline SVG; the page needs no network. The topics
 * stream by into counts, histograms and samples, and the pool into a spill file beside the page, so the heap holds
 * figures, not records.
 */
public final class Report {

    /** What the page shows, counted from the topics. */
    public record Summary(long candidates, long acceptedInstructions, long examples, long rejections,
            int poolEntries, int charts, long unreadable) {
    }

    private final KafkaClients clients;
    private final ContaminationIndex evalSets;

    /** A report whose contamination section checks the pool against {@code evalSets}. */
    public Report(KafkaClients clients, ContaminationIndex evalSets) {
        this.clients = clients;
        this.evalSets = evalSets;
    }

    public Summary write(Path out) throws IOException {
        return write(out, progress -> { });
    }

    /**
     * Writes the page, telling {@code progress} how far each step has got. Nothing is held per record: the pool is
     * spilled to a temporary file and read back once, the other topics stream by into counts, histograms and a
     * sample, so a loop of millions of records is reported in a small heap.
     */
    public Summary write(Path out, Consumer<ReadProgress> progress) throws IOException {
        TopicRegistry topics = clients.settings().topics();
        String reader = "seedloop-report";
        Path directory = out.toAbsolutePath().getParent();
        try (PoolSpill spill = PoolSpill.read(clients, reader, directory, entry -> true, progress)) {
            PoolFigures pool = new PoolFigures(evalSets);
            for (PoolEntry entry : spill.inOrder("pool entries counted", progress)) {
                pool.add(entry);
            }
            long[] candidates = {0};
            long unreadable = spill.unreadable() + TopicStream.read(clients, reader, topics.candidates(), progress,
                    record -> candidates[0] += record.value() == null ? 0 : 1);
            long[] examples = {0};
            unreadable += TopicStream.read(clients, reader, topics.examples(), progress,
                    record -> examples[0] += record.value() == null ? 0 : 1);
            RejectionFigures rejections = new RejectionFigures(evalSets);
            unreadable += TopicStream.read(clients, reader, topics.rejections(), progress,
                    record -> rejections.add(record.value()));
            AcceptedFigures accepted = new AcceptedFigures(rescored(spill.size()));
            unreadable += TopicStream.read(clients, reader, topics.instructions(), progress,
                    record -> accepted.add(record.value()));
            accepted.rescore(spill, clients, reader, topics, progress);

            List<String[]> charts = new ArrayList<>();
            charts.add(funnel(candidates[0], accepted.count, examples[0], pool));
            charts.add(rejectionReasons(rejections));
            charts.add(rouge(accepted, rejections));
            charts.add(cosine(accepted, rejections));
            charts.add(contamination(pool, rejections));
            charts.add(lengths("instruction-length", "Instruction length", "words per instruction",
                    pool.instructionWords.toArray()));
            charts.add(lengths("output-length", "Output length", "words per output", pool.outputWords.toArray()));
            charts.add(sourcesOverTime(pool));
            charts.add(verbs(pool));
            Files.writeString(out, page(candidates[0], accepted.count, examples[0], rejections.count, unreadable,
                    pool.entries, charts), StandardCharsets.UTF_8);
            return new Summary(candidates[0], accepted.count, examples[0], rejections.count, pool.entries,
                    charts.size(), unreadable);
        }
    }

    /** What the charts need of the pool as compaction leaves it, gathered entry by entry. */
    private static final class PoolFigures {
        private final ContaminationIndex evalSets;
        private final Map<Source, Long> bySource = new EnumMap<>(Source.class);
        private final IntArrayList instructionWords = new IntArrayList();
        private final IntArrayList outputWords = new IntArrayList();
        private final LongArrayList addedAt = new LongArrayList();
        private final ByteArrayList sources = new ByteArrayList();
        private final Map<String, Double> quoting = new LinkedHashMap<>();
        private final Sample machine = new Sample(VERB_SAMPLE, 1);
        private final Sample all = new Sample(VERB_SAMPLE, 2);
        private int entries;

        PoolFigures(ContaminationIndex evalSets) {
            this.evalSets = evalSets;
            evalSets.sets().forEach(set -> quoting.put(set.name(), 0.0));
        }

        void add(PoolEntry entry) {
            entries++;
            bySource.merge(entry.getSource(), 1L, Long::sum);
            instructionWords.add(words(entry.getInstruction()));
            entry.getInstances().forEach(instance -> outputWords.add(words(instance.getOutput())));
            addedAt.add(entry.getAddedAt().toEpochMilli());
            sources.add((byte) entry.getSource().ordinal());
            if (entry.getSource() == Source.MACHINE) {
                machine.offer(entry.getInstruction());
            }
            all.offer(entry.getInstruction());
            List<String> texts = new ArrayList<>();
            texts.add(entry.getInstruction());
            if (entry.getConversation() != null) {
                entry.getConversation().forEach(turn -> texts.add(turn.getContent()));
            }
            entry.getInstances().forEach(instance -> {
                texts.add(instance.getInput());
                texts.add(instance.getOutput());
            });
            texts.stream().flatMap(text -> evalSets.matches(text).stream()).map(ContaminationIndex.Match::evalSet)
                    .distinct().forEach(set -> quoting.merge(set, 1.0, Double::sum));
        }

        long machineEntries() {
            return bySource.getOrDefault(Source.MACHINE, 0L);
        }
    }

    /** At most this many instructions are tagged for the verb chart: a uniform sample of the rest. */
    static final int VERB_SAMPLE = 20_000;

    /** A uniform sample of at most {@code size} texts of a stream of unknown length (reservoir sampling). */
    private static final class Sample {
        private final List<String> kept = new ArrayList<>();
        private final int size;
        private final Random random;
        private long seen;

        Sample(int size, long seed) {
            this.size = size;
            this.random = new Random(seed);
        }

        void offer(String text) {
            seen++;
            if (kept.size() < size) {
                kept.add(text);
            } else {
                long slot = (long) (random.nextDouble() * seen);
                if (slot < size) {
                    kept.set((int) slot, text);
                }
            }
        }
    }

    /** What the charts need of the rejections. */
    private static final class RejectionFigures {
        private final Map<String, Double> reasons = new TreeMap<>();
        private final DoubleArrayList nearDuplicateScores = new DoubleArrayList();
        private final DoubleArrayList semanticScores = new DoubleArrayList();
        private final Map<String, Double> contaminated = new LinkedHashMap<>();
        private Double nearDuplicateThreshold;
        private Double semanticThreshold;
        private long count;

        RejectionFigures(ContaminationIndex evalSets) {
            evalSets.sets().forEach(set -> contaminated.put(set.name(), 0.0));
        }

        void add(Rejection rejection) {
            if (rejection == null) {
                return;
            }
            count++;
            reasons.merge(rejection.getStage().name().toLowerCase(Locale.ROOT) + ": " + rejection.getReason(), 1.0,
                    Double::sum);
            if (rejection.getReason().equals("near-duplicate") && rejection.getScore() != null) {
                nearDuplicateScores.add(rejection.getScore());
                nearDuplicateThreshold = rejection.getThreshold();
            } else if (rejection.getReason().equals("semantic-duplicate") && rejection.getScore() != null) {
                semanticScores.add(rejection.getScore());
                semanticThreshold = rejection.getThreshold();
            } else if (BenchmarkContaminationRule.NAME.equals(rejection.getReason())) {
                for (String set : contaminated.keySet()) {
                    if (rejection.getDetail().contains(" quotes " + set + " item ")) {
                        contaminated.merge(set, 1.0, Double::sum);
                    }
                }
            }
        }
    }

    /** ROUGE-L comparisons the report may spend on scoring again the accepted instructions the filter left unscored. */
    static final long RESCORING_BUDGET = 200_000_000L;
    /** At most this many accepted instructions are scored again when the filter did not keep their score. */
    static final int RESCORED = 2_000;

    /** The newest accepted instructions the report scores again, for a pool of {@code poolEntries}. */
    static int rescored(long poolEntries) {
        return (int) Math.max(100, Math.min(RESCORED, RESCORING_BUDGET / Math.max(1, poolEntries)));
    }

    /** The order the judge accepted instructions in: by time, and within a millisecond by the candidate's offset. */
    private static final Comparator<AcceptedInstruction> JUDGED = Comparator.comparing(
            AcceptedInstruction::getAcceptedAt).thenComparingLong(accepted -> accepted.getSource().getOffset());

    /**
     * What the charts need of the accepted instructions: the scores the filter recorded, and the newest ones,
     * whose missing scores (the filter keeps exact scores only above its floor) are computed again here against
     * what the pool held when each was accepted: the human entries and the instructions accepted before it.
     */
    private static final class AcceptedFigures {
        private final DoubleArrayList rougeScores = new DoubleArrayList();
        private final DoubleArrayList cosines = new DoubleArrayList();
        private final PriorityQueue<AcceptedInstruction> newest = new PriorityQueue<>(JUDGED);
        private final int drawn;
        private long count;
        private long recorded;
        private long rescored;

        AcceptedFigures(int drawn) {
            this.drawn = drawn;
        }

        void add(AcceptedInstruction instruction) {
            if (instruction == null) {
                return;
            }
            count++;
            if (instruction.getMaxRougeL() != null) {
                rougeScores.add(instruction.getMaxRougeL());
                recorded++;
            }
            if (instruction.getMaxCosine() != null) {
                cosines.add(instruction.getMaxCosine());
            }
            instruction.setEmbedding(null);
            newest.add(instruction);
            if (newest.size() > drawn) {
                newest.poll();
            }
        }

        long notDrawn() {
            return count - recorded - rescored;
        }

        void rescore(PoolSpill pool, KafkaClients clients, String reader, TopicRegistry topics,
                Consumer<ReadProgress> progress) {
            List<AcceptedInstruction> targets = newest.stream().filter(a -> a.getMaxRougeL() == null).toList();
            if (targets.isEmpty()) {
                return;
            }
            Map<String, Integer> dictionary = new HashMap<>();
            int[][] tokens = new int[targets.size()][];
            double[] best = new double[targets.size()];
            for (int t = 0; t < targets.size(); t++) {
                tokens[t] = ids(targets.get(t).getInstruction(), dictionary);
            }
            for (PoolEntry entry : pool.inOrder()) {
                if (entry.getSource() != Source.MACHINE) {
                    int[] other = ids(entry.getInstruction(), dictionary);
                    for (int t = 0; t < tokens.length; t++) {
                        best[t] = Math.max(best[t], score(other, tokens[t]));
                    }
                }
            }
            TopicStream.read(clients, reader, topics.instructions(), progress, record -> {
                AcceptedInstruction earlier = record.value();
                if (earlier == null) {
                    return;
                }
                int[] other = null;
                for (int t = 0; t < tokens.length; t++) {
                    if (JUDGED.compare(earlier, targets.get(t)) < 0) {
                        other = other != null ? other : ids(earlier.getInstruction(), dictionary);
                        best[t] = Math.max(best[t], score(other, tokens[t]));
                    }
                }
            });
            rougeScores.add(best);
            rescored = targets.size();
        }

        private static double score(int[] other, int[] tokens) {
            return RougeL.fMeasure(RougeL.lcs(other, tokens), other.length, tokens.length);
        }
    }

    private static String[] funnel(long candidates, long accepted, long examples, PoolFigures pool) {
        List<String> rows = List.of("candidates generated", "instructions accepted", "examples accepted",
                "machine pool entries", "human and benchmark pool entries");
        List<Double> values = List.of((double) candidates, (double) accepted, (double) examples,
                (double) pool.machineEntries(), (double) (pool.entries - pool.machineEntries()));
        List<Map<String, Double>> parts = values.stream().map(value -> Map.of("count", value)).toList();
        return chart("funnel", "The funnel", "From generated candidates to pool entries. Instructions pass the "
                + "instruction rules and the near-duplicate check; examples also pass the response rules.",
                Svg.bars(rows, parts, List.of("count")));
    }

    private static String[] rejectionReasons(RejectionFigures rejections) {
        List<Map.Entry<String, Double>> sorted = rejections.reasons.entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(20).toList();
        return chart("rejections", "Rejections by reason", rejections.count + " rejections, by stage and rule "
                + "(the 20 most frequent).", sorted.isEmpty() ? empty("no rejections yet")
                : Svg.bars(sorted.stream().map(Map.Entry::getKey).toList(), sorted.stream()
                        .map(entry -> Map.of("rejections", entry.getValue())).toList(), List.of("rejections")));
    }

    /**
     * Per eval set: the pool entries that quote one of its items (instruction, earlier turns, inputs, outputs),
     * checked here, beside the records the filter rejected for quoting it.
     */
    private static String[] contamination(PoolFigures pool, RejectionFigures rejections) {
        List<String> rows = new ArrayList<>(pool.quoting.keySet());
        List<Map<String, Double>> parts = rows.stream().map(set -> Map.of("pool entries quoting it",
                pool.quoting.get(set), "rejected by the filter", rejections.contaminated.get(set))).toList();
        boolean clean = pool.quoting.values().stream().allMatch(count -> count == 0);
        return chart("contamination", "Benchmark contamination", "The pool's " + pool.entries + " entries checked "
                + "against " + String.join(", ", rows) + " (instructions, inputs and outputs): entries that quote an "
                + "eval item (seedloop contamination --remove deletes them), beside the records the filter rejected "
                + "for quoting one." + (clean ? " No pool entry quotes an eval item." : ""),
                Svg.bars(rows, parts, List.of("pool entries quoting it", "rejected by the filter")));
    }

    private static String[] rouge(AcceptedFigures accepted, RejectionFigures rejections) {
        List<Double> counts = histogram(20, accepted.rougeScores, rejections.nearDuplicateScores);
        Double threshold = rejections.nearDuplicateThreshold;
        long notDrawn = accepted.notDrawn();
        return chart("rouge", "Max ROUGE-L against the pool", "For each judged candidate, the ROUGE-L F-measure "
                + "with its most similar pool instruction when it was judged (the Self-Instruct paper's figure 3): "
                + "near-duplicates rejected at the threshold, and accepted instructions (" + accepted.rescored
                + " scored again here against the pool before them" + (notDrawn == 0 ? "" : "; " + notDrawn
                + " older ones not drawn") + ").",
                Svg.columns(binLabels(20), counts, "max ROUGE-L F", threshold, threshold == null ? null
                        : "threshold " + threshold));
    }

    /**
     * The semantic rule's view beside ROUGE-L's: each judged candidate's highest cosine against the pool's vectors
     * (accepted instructions record theirs; semantic duplicates carry it as their score), as the judge measured it.
     */
    private static String[] cosine(AcceptedFigures accepted, RejectionFigures rejections) {
        long scores = accepted.cosines.size() + rejections.semanticScores.size();
        if (scores == 0) {
            return chart("cosine", "Max cosine against the pool", "The semantic-duplicate rule did not judge these "
                    + "candidates (it is off, or they carried no vectors).", empty("no cosines recorded"));
        }
        Double threshold = rejections.semanticThreshold;
        return chart("cosine", "Max cosine against the pool", String.format(Locale.ROOT, "For %,d judged candidates, "
                + "the cosine of the instruction's vector with its nearest pool instruction's when it was judged: "
                + "semantic duplicates rejected at the threshold, and accepted instructions. Rewordings that "
                + "ROUGE-L lets through sit high here.", scores),
                Svg.columns(binLabels(20), histogram(20, accepted.cosines, rejections.semanticScores), "max cosine",
                        threshold, threshold == null ? null : "threshold " + threshold));
    }

    /** Counts of the scores (between 0 and 1) of every list in {@code bins} equal bins. */
    private static List<Double> histogram(int bins, DoubleArrayList... scores) {
        List<Double> counts = new ArrayList<>(Collections.nCopies(bins, 0.0));
        for (DoubleArrayList list : scores) {
            for (DoubleCursor score : list) {
                int bin = Math.max(0, Math.min(bins - 1, (int) (score.value * bins)));
                counts.set(bin, counts.get(bin) + 1);
            }
        }
        return counts;
    }

    private static List<String> binLabels(int bins) {
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < bins; i++) {
            labels.add(String.format(Locale.ROOT, "%.2f", i / (double) bins));
        }
        return labels;
    }

    private static String[] lengths(String id, String title, String unit, int[] lengths) {
        int[] sorted = lengths.clone();
        Arrays.sort(sorted);
        int max = sorted.length == 0 ? 0 : sorted[sorted.length - 1];
        int p95 = sorted.length == 0 ? 0 : sorted[(int) (sorted.length * 0.95)];
        int width = Math.max(1, (int) Math.ceil((p95 + 1) / 20.0));
        int bins = Math.min(21, max / width + 1);
        List<Double> counts = new ArrayList<>(Collections.nCopies(bins, 0.0));
        for (int length : lengths) {
            int bin = Math.min(bins - 1, length / width);
            counts.set(bin, counts.get(bin) + 1);
        }
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < bins; i++) {
            labels.add(i == bins - 1 && max / width + 1 > bins ? (i * width) + "+" : Integer.toString(i * width));
        }
        double mean = Arrays.stream(lengths).average().orElse(0);
        return chart(id, title, String.format(Locale.ROOT, "%,d values; mean %.1f, median %d, 95th percentile %d "
                + "%s.", lengths.length, mean, sorted.length == 0 ? 0 : sorted[sorted.length / 2], p95, unit),
                Svg.columns(labels, counts, unit, null, null));
    }

    private static String[] sourcesOverTime(PoolFigures pool) {
        List<String> series = List.of("human-seed", "human-dataset", "benchmark", "machine");
        if (pool.entries == 0) {
            return chart("sources", "Source mix over time", "No pool entries yet.", empty("the pool is empty"));
        }
        long[] addedAt = pool.addedAt.toArray();
        long first = Arrays.stream(addedAt).min().orElseThrow();
        long last = Arrays.stream(addedAt).max().orElseThrow();
        long span = Math.max(1, last - first);
        int periods = 12;
        long step = span / periods + 1;
        DateTimeFormatter format = DateTimeFormatter.ofPattern(span > Duration.ofDays(2).toMillis()
                ? "MM-dd HH:mm" : "HH:mm:ss").withZone(ZoneOffset.UTC);
        List<String> labels = new ArrayList<>();
        List<Map<String, Double>> stacks = new ArrayList<>();
        for (int i = 0; i < periods; i++) {
            labels.add(format.format(Instant.ofEpochMilli(first + i * step)));
            stacks.add(new HashMap<>());
        }
        Source[] sources = Source.values();
        for (int k = 0; k < addedAt.length; k++) {
            int period = (int) Math.min(periods - 1, (addedAt[k] - first) / step);
            stacks.get(period).merge(name(sources[pool.sources.get(k)]), 1.0, Double::sum);
        }
        return chart("sources", "Source mix over time", "Pool entries by the time they joined (UTC) and who wrote "
                + "them.", Svg.stacked(labels, stacks, series));
    }

    private static String[] verbs(PoolFigures pool) {
        boolean machineOnly = pool.machine.seen >= 20;
        Sample analysed = machineOnly ? pool.machine : pool.all;
        VerbNoun parser = new VerbNoun();
        Map<String, Map<String, Double>> pairs = new HashMap<>();
        int found = 0;
        for (String instruction : analysed.kept) {
            Optional<VerbNoun.Pair> pair = parser.of(instruction);
            if (pair.isPresent()) {
                found++;
                pairs.computeIfAbsent(pair.get().verb(), verb -> new HashMap<>()).merge(pair.get().noun(), 1.0,
                        Double::sum);
            }
        }
        List<Map.Entry<String, Map<String, Double>>> top = pairs.entrySet().stream()
                .sorted(Comparator.comparingDouble((Map.Entry<String, Map<String, Double>> e) -> -total(e.getValue()))
                        .thenComparing(Map.Entry::getKey)).limit(20).toList();
        List<String> legend = new ArrayList<>(List.of("1st object", "2nd object", "3rd object", "4th object",
                "other objects"));
        List<Map<String, Double>> parts = new ArrayList<>();
        List<String> rows = new ArrayList<>();
        for (Map.Entry<String, Map<String, Double>> verb : top) {
            List<Map.Entry<String, Double>> nouns = verb.getValue().entrySet().stream()
                    .sorted(Map.Entry.<String, Double>comparingByValue().reversed().thenComparing(Map.Entry::getKey))
                    .toList();
            Map<String, Double> row = new LinkedHashMap<>();
            StringBuilder label = new StringBuilder(verb.getKey()).append(": ");
            for (int i = 0; i < nouns.size(); i++) {
                if (i < 4) {
                    row.put(legend.get(i), nouns.get(i).getValue());
                    label.append(i == 0 ? "" : ", ").append(nouns.get(i).getKey());
                } else {
                    row.merge("other objects", nouns.get(i).getValue(), Double::sum);
                }
            }
            rows.add(label.length() > 34 ? label.substring(0, 33) + "…" : label.toString());
            parts.add(row);
        }
        String sampled = analysed.seen > analysed.kept.size() ? String.format(Locale.ROOT, ", of a uniform sample "
                + "of %,d of the %,d", analysed.kept.size(), analysed.seen) : "";
        return chart("verbs", "Root verbs and their objects", String.format(Locale.ROOT, "The 20 most common "
                + "root verbs of %s instructions and their most common direct objects (%,d of %,d instructions%s "
                + "have a verb with an object; Apache OpenNLP part-of-speech tags).", machineOnly
                ? "machine-written" : "pool", found, analysed.kept.size(), sampled), rows.isEmpty()
                ? empty("no verb-object pairs") : Svg.bars(rows, parts, legend));
    }

    private static int[] ids(String text, Map<String, Integer> dictionary) {
        return RougeTokenizer.tokenize(text).stream().mapToInt(token -> dictionary.computeIfAbsent(token,
                unused -> dictionary.size())).toArray();
    }

    private static double total(Map<String, Double> counts) {
        return counts.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    private static String name(Source source) {
        return switch (source) {
            case HUMAN_SEED -> "human-seed";
            case HUMAN_DATASET -> "human-dataset";
            case BENCHMARK_TEMPLATE -> "benchmark";
            case MACHINE -> "machine";
        };
    }

    private static int words(String text) {
        String stripped = text.strip();
        return stripped.isEmpty() ? 0 : stripped.split("\\s+").length;
    }

    private static String empty(String message) {
        return "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 720 60' width='720' height='60' "
                + "font-family='sans-serif'><text x='20' y='35' font-size='14' fill='#888'>" + Svg.escape(message)
                + "</text></svg>";
    }

    private static String[] chart(String id, String title, String caption, String svg) {
        return new String[] {id, title, caption, svg};
    }

    private static String page(long candidates, long accepted, long examples, long rejections, long unreadable,
            int poolEntries, List<String[]> charts) {
        StringBuilder html = new StringBuilder("""
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8"><title>seedloop data report</title>
                <style>
                body{font-family:system-ui,sans-serif;margin:2em auto;max-width:780px;color:#222}
                h1{font-size:1.6em;margin-bottom:.2em} .meta{color:#666;margin-top:0}
                .numbers{display:flex;gap:1.5em;flex-wrap:wrap;margin:1em 0}
                .numbers div{font-size:.9em;color:#555} .numbers b{display:block;font-size:1.6em;color:#222}
                figure{margin:2em 0} figcaption{color:#555;font-size:.9em;margin-bottom:.5em}
                figcaption b{display:block;color:#222;font-size:1.1em;margin-bottom:.2em}
                </style></head><body>
                """);
        html.append("<h1>seedloop data report</h1><p class='meta'>Generated ").append(Instant.now()).append(
                " from the pool and the loop's topics.</p><div class='numbers'>");
        for (String[] number : new String[][] {{"candidates", Long.toString(candidates)},
                {"instructions accepted", Long.toString(accepted)}, {"examples accepted", Long.toString(examples)},
                {"rejections", Long.toString(rejections)}, {"pool entries", Integer.toString(poolEntries)}}) {
            html.append("<div><b>").append(Svg.number(Double.parseDouble(number[1]))).append("</b>")
                    .append(number[0]).append("</div>");
        }
        html.append("</div>");
        if (unreadable > 0) {
            html.append("<p class='meta'>").append(unreadable).append(" records could not be read and are not "
                    + "counted (the stages dead-letter them with their coordinates).</p>");
        }
        for (String[] chart : charts) {
            html.append("<figure class='chart' data-chart='").append(chart[0]).append("'><figcaption><b>")
                    .append(Svg.escape(chart[1])).append("</b>").append(Svg.escape(chart[2]))
                    .append("</figcaption>").append(chart[3]).append("</figure>\n");
        }
        // Marks the page with how many charts drew something, for readers and for the test that opens it
        html.append("""
                <script>
                const drawn = [...document.querySelectorAll('figure.chart')].filter(f => {
                  const svg = f.querySelector('svg'); if (!svg) return false;
                  const box = svg.getBBox(); return box.width > 0 && box.height > 0 && svg.childElementCount > 0;
                });
                document.body.dataset.chartsExpected = document.querySelectorAll('figure.chart').length;
                document.body.dataset.chartsRendered = drawn.length;
                </script>
                </body></html>
                """);
        return html.toString();
    }
}
