package dev.seedloop.tools.report;

import dev.seedloop.filter.contamination.ContaminationIndex;
import dev.seedloop.filter.contamination.EvalSet;
import dev.seedloop.filter.dedup.RougeL;
import dev.seedloop.filter.dedup.RougeTokenizer;
import dev.seedloop.filter.instruction.BenchmarkContaminationRule;
import dev.seedloop.runtime.kafka.KafkaClients;
import dev.seedloop.schemas.TopicRegistry;
import dev.seedloop.schemas.avro.AcceptedInstruction;
import dev.seedloop.schemas.avro.CandidateInstruction;
import dev.seedloop.schemas.avro.Example;
import dev.seedloop.schemas.avro.Instance;
import dev.seedloop.schemas.avro.PoolEntry;
import dev.seedloop.schemas.avro.Rejection;
import dev.seedloop.schemas.avro.Source;
import dev.seedloop.tools.snapshot.PoolSnapshot;
import dev.seedloop.tools.snapshot.TopicSnapshot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * {@code seedloop report}: one self-contained HTML page about the data: the funnel, rejections by reason, the
 * distribution of max ROUGE-L against the pool, instruction and output lengths, the source mix over time and
 * the diversity of root verbs and their objects. Charts are inline SVG; the page needs no network.
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
        TopicRegistry topics = clients.settings().topics();
        TopicSnapshot.Snapshot<CandidateInstruction> candidateRecords = TopicSnapshot.read(clients,
                topics.candidates());
        TopicSnapshot.Snapshot<AcceptedInstruction> acceptedRecords = TopicSnapshot.read(clients,
                topics.instructions());
        TopicSnapshot.Snapshot<Example> exampleRecords = TopicSnapshot.read(clients, topics.examples());
        TopicSnapshot.Snapshot<Rejection> rejectionRecords = TopicSnapshot.read(clients, topics.rejections());
        PoolSnapshot poolSnapshot = PoolSnapshot.read(clients, "seedloop-report");
        long candidates = candidateRecords.values().size();
        List<AcceptedInstruction> accepted = acceptedRecords.values();
        long examples = exampleRecords.values().size();
        List<Rejection> rejections = rejectionRecords.values();
        Collection<PoolEntry> pool = poolSnapshot.entries().values();
        long unreadable = candidateRecords.unreadable() + acceptedRecords.unreadable() + exampleRecords.unreadable()
                + rejectionRecords.unreadable() + poolSnapshot.unreadable();

        List<String[]> charts = new ArrayList<>();
        charts.add(funnel(candidates, accepted.size(), examples, pool));
        charts.add(rejectionReasons(rejections));
        charts.add(rouge(accepted, rejections, pool));
        charts.add(cosine(accepted, rejections));
        charts.add(contamination(pool, rejections));
        charts.add(lengths("instruction-length", "Instruction length", "words per instruction",
                pool.stream().map(entry -> words(entry.getInstruction())).toList()));
        charts.add(lengths("output-length", "Output length", "words per output", pool.stream()
                .flatMap(entry -> entry.getInstances().stream()).map(Instance::getOutput).map(Report::words)
                .toList()));
        charts.add(sourcesOverTime(pool));
        charts.add(verbs(pool));
        Files.writeString(out, page(candidates, accepted.size(), examples, rejections.size(), unreadable, pool,
                charts),
                StandardCharsets.UTF_8);
        return new Summary(candidates, accepted.size(), examples, rejections.size(), pool.size(), charts.size(),
                unreadable);
    }

    private static String[] funnel(long candidates, long accepted, long examples, Collection<PoolEntry> pool) {
        Map<Source, Long> bySource = pool.stream().collect(Collectors.groupingBy(PoolEntry::getSource,
                () -> new java.util.EnumMap<>(Source.class), Collectors.counting()));
        List<String> rows = List.of("candidates generated", "instructions accepted", "examples accepted",
                "machine pool entries", "human and benchmark pool entries");
        List<Double> values = List.of((double) candidates, (double) accepted, (double) examples,
                (double) bySource.getOrDefault(Source.MACHINE, 0L), (double) (pool.size()
                        - bySource.getOrDefault(Source.MACHINE, 0L)));
        List<Map<String, Double>> parts = values.stream().map(value -> Map.of("count", value)).toList();
        return chart("funnel", "The funnel", "From generated candidates to pool entries. Instructions pass the "
                + "instruction rules and the near-duplicate check; examples also pass the response rules.",
                Svg.bars(rows, parts, List.of("count")));
    }

    private static String[] rejectionReasons(List<Rejection> rejections) {
        Map<String, Double> counts = new TreeMap<>();
        for (Rejection rejection : rejections) {
            counts.merge(rejection.getStage().name().toLowerCase(Locale.ROOT) + ": " + rejection.getReason(), 1.0,
                    Double::sum);
        }
        List<Map.Entry<String, Double>> sorted = counts.entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(20).toList();
        return chart("rejections", "Rejections by reason", rejections.size() + " rejections, by stage and rule "
                + "(the 20 most frequent).", sorted.isEmpty() ? empty("no rejections yet")
                : Svg.bars(sorted.stream().map(Map.Entry::getKey).toList(), sorted.stream()
                        .map(entry -> Map.of("rejections", entry.getValue())).toList(), List.of("rejections")));
    }

    /**
     * Per eval set: the pool entries that quote one of its items (instruction, earlier turns, inputs, outputs),
     * checked here, beside the records the filter rejected for quoting it.
     */
    private String[] contamination(Collection<PoolEntry> pool, List<Rejection> rejections) {
        Map<String, Double> quoting = new LinkedHashMap<>();
        Map<String, Double> rejected = new LinkedHashMap<>();
        for (EvalSet set : evalSets.sets()) {
            quoting.put(set.name(), 0.0);
            rejected.put(set.name(), 0.0);
        }
        for (PoolEntry entry : pool) {
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
        for (Rejection rejection : rejections) {
            if (BenchmarkContaminationRule.NAME.equals(rejection.getReason())) {
                for (String set : rejected.keySet()) {
                    if (rejection.getDetail().contains(" quotes " + set + " item ")) {
                        rejected.merge(set, 1.0, Double::sum);
                    }
                }
            }
        }
        List<String> rows = new ArrayList<>(quoting.keySet());
        List<Map<String, Double>> parts = rows.stream().map(set -> Map.of("pool entries quoting it",
                quoting.get(set), "rejected by the filter", rejected.get(set))).toList();
        long clean = quoting.values().stream().allMatch(count -> count == 0) ? pool.size() : -1;
        return chart("contamination", "Benchmark contamination", "The pool's " + pool.size() + " entries checked "
                + "against " + String.join(", ", rows) + " (instructions, inputs and outputs): entries that quote an "
                + "eval item (seedloop contamination --remove deletes them), beside the records the filter rejected "
                + "for quoting one." + (clean >= 0 ? " No pool entry quotes an eval item." : ""),
                Svg.bars(rows, parts, List.of("pool entries quoting it", "rejected by the filter")));
    }

    /** At most this many accepted instructions are scored again when the filter did not keep their score. */
    static final int RESCORED = 2_000;

    private static String[] rouge(List<AcceptedInstruction> accepted, List<Rejection> rejections,
            Collection<PoolEntry> pool) {
        List<Double> scores = new ArrayList<>();
        // The filter keeps exact scores only above its floor; the rest are scored here against what the pool held
        // when each was accepted: the human entries and the instructions accepted before it
        Map<String, Integer> dictionary = new HashMap<>();
        List<int[]> before = new ArrayList<>();
        for (PoolEntry entry : pool) {
            if (entry.getSource() != Source.MACHINE) {
                before.add(ids(entry.getInstruction(), dictionary));
            }
        }
        List<AcceptedInstruction> inOrder = accepted.stream()
                .sorted(Comparator.comparing(AcceptedInstruction::getAcceptedAt)).toList();
        int skip = Math.max(0, inOrder.size() - RESCORED);
        long rescored = 0;
        for (int i = 0; i < inOrder.size(); i++) {
            AcceptedInstruction instruction = inOrder.get(i);
            int[] tokens = ids(instruction.getInstruction(), dictionary);
            if (instruction.getMaxRougeL() != null) {
                scores.add(instruction.getMaxRougeL());
            } else if (i >= skip) {
                double best = 0;
                for (int[] other : before) {
                    best = Math.max(best, RougeL.fMeasure(RougeL.lcs(other, tokens), other.length, tokens.length));
                }
                scores.add(best);
                rescored++;
            }
            before.add(tokens);
        }
        long notDrawn = accepted.size() - scores.size();
        Double threshold = null;
        for (Rejection rejection : rejections) {
            if (rejection.getReason().equals("near-duplicate") && rejection.getScore() != null) {
                scores.add(rejection.getScore());
                threshold = rejection.getThreshold();
            }
        }
        int bins = 20;
        List<Double> counts = new ArrayList<>(java.util.Collections.nCopies(bins, 0.0));
        for (double score : scores) {
            int bin = Math.min(bins - 1, (int) (score * bins));
            counts.set(bin, counts.get(bin) + 1);
        }
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < bins; i++) {
            labels.add(String.format(Locale.ROOT, "%.2f", i / (double) bins));
        }
        return chart("rouge", "Max ROUGE-L against the pool", "For each judged candidate, the ROUGE-L F-measure "
                + "with its most similar pool instruction when it was judged (the Self-Instruct paper's figure 3): "
                + "near-duplicates rejected at the threshold, and accepted instructions (" + rescored + " scored "
                + "again here against the pool before them" + (notDrawn == 0 ? "" : "; " + notDrawn
                + " older ones not drawn") + ").",
                Svg.columns(labels, counts, "max ROUGE-L F", threshold, threshold == null ? null
                        : "threshold " + threshold));
    }

    /**
     * The semantic rule's view beside ROUGE-L's: each judged candidate's highest cosine against the pool's vectors
     * (accepted instructions record theirs; semantic duplicates carry it as their score), as the judge measured it.
     */
    private static String[] cosine(List<AcceptedInstruction> accepted, List<Rejection> rejections) {
        List<Double> scores = new ArrayList<>();
        accepted.stream().map(AcceptedInstruction::getMaxCosine).filter(java.util.Objects::nonNull)
                .forEach(scores::add);
        Double threshold = null;
        for (Rejection rejection : rejections) {
            if (rejection.getReason().equals("semantic-duplicate") && rejection.getScore() != null) {
                scores.add(rejection.getScore());
                threshold = rejection.getThreshold();
            }
        }
        if (scores.isEmpty()) {
            return chart("cosine", "Max cosine against the pool", "The semantic-duplicate rule did not judge these "
                    + "candidates (it is off, or they carried no vectors).", empty("no cosines recorded"));
        }
        int bins = 20;
        List<Double> counts = new ArrayList<>(java.util.Collections.nCopies(bins, 0.0));
        for (double score : scores) {
            int bin = Math.max(0, Math.min(bins - 1, (int) (score * bins)));
            counts.set(bin, counts.get(bin) + 1);
        }
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < bins; i++) {
            labels.add(String.format(Locale.ROOT, "%.2f", i / (double) bins));
        }
        return chart("cosine", "Max cosine against the pool", String.format(Locale.ROOT, "For %,d judged candidates, "
                + "the cosine of the instruction's vector with its nearest pool instruction's when it was judged: "
                + "semantic duplicates rejected at the threshold, and accepted instructions. Rewordings that "
                + "ROUGE-L lets through sit high here.", scores.size()),
                Svg.columns(labels, counts, "max cosine", threshold, threshold == null ? null
                        : "threshold " + threshold));
    }

    private static String[] lengths(String id, String title, String unit, List<Integer> lengths) {
        int max = lengths.stream().mapToInt(Integer::intValue).max().orElse(0);
        List<Integer> sorted = lengths.stream().sorted().toList();
        int p95 = sorted.isEmpty() ? 0 : sorted.get((int) (sorted.size() * 0.95));
        int width = Math.max(1, (int) Math.ceil((p95 + 1) / 20.0));
        int bins = Math.min(21, max / width + 1);
        List<Double> counts = new ArrayList<>(java.util.Collections.nCopies(bins, 0.0));
        for (int length : lengths) {
            int bin = Math.min(bins - 1, length / width);
            counts.set(bin, counts.get(bin) + 1);
        }
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < bins; i++) {
            labels.add(i == bins - 1 && max / width + 1 > bins ? (i * width) + "+" : Integer.toString(i * width));
        }
        double mean = lengths.stream().mapToInt(Integer::intValue).average().orElse(0);
        return chart(id, title, String.format(Locale.ROOT, "%,d values; mean %.1f, median %d, 95th percentile %d "
                + "%s.", lengths.size(), mean, sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2), p95, unit),
                Svg.columns(labels, counts, unit, null, null));
    }

    private static String[] sourcesOverTime(Collection<PoolEntry> pool) {
        List<String> series = List.of("human-seed", "human-dataset", "benchmark", "machine");
        if (pool.isEmpty()) {
            return chart("sources", "Source mix over time", "No pool entries yet.", empty("the pool is empty"));
        }
        Instant first = pool.stream().map(PoolEntry::getAddedAt).min(Comparator.naturalOrder()).orElseThrow();
        Instant last = pool.stream().map(PoolEntry::getAddedAt).max(Comparator.naturalOrder()).orElseThrow();
        long span = Math.max(1, Duration.between(first, last).toMillis());
        int periods = 12;
        long step = span / periods + 1;
        DateTimeFormatter format = DateTimeFormatter.ofPattern(span > Duration.ofDays(2).toMillis()
                ? "MM-dd HH:mm" : "HH:mm:ss").withZone(ZoneOffset.UTC);
        List<String> labels = new ArrayList<>();
        List<Map<String, Double>> stacks = new ArrayList<>();
        for (int i = 0; i < periods; i++) {
            labels.add(format.format(first.plusMillis(i * step)));
            stacks.add(new HashMap<>());
        }
        for (PoolEntry entry : pool) {
            int period = (int) Math.min(periods - 1, Duration.between(first, entry.getAddedAt()).toMillis() / step);
            stacks.get(period).merge(name(entry.getSource()), 1.0, Double::sum);
        }
        return chart("sources", "Source mix over time", "Pool entries by the time they joined (UTC) and who wrote "
                + "them.", Svg.stacked(labels, stacks, series));
    }

    private static String[] verbs(Collection<PoolEntry> pool) {
        List<PoolEntry> machine = pool.stream().filter(entry -> entry.getSource() == Source.MACHINE).toList();
        Collection<PoolEntry> analysed = machine.size() >= 20 ? machine : pool;
        VerbNoun parser = new VerbNoun();
        Map<String, Map<String, Double>> pairs = new HashMap<>();
        int found = 0;
        for (PoolEntry entry : analysed) {
            Optional<VerbNoun.Pair> pair = parser.of(entry.getInstruction());
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
        return chart("verbs", "Root verbs and their objects", String.format(Locale.ROOT, "The 20 most common "
                + "root verbs of %s instructions and their most common direct objects (%,d of %,d instructions "
                + "have a verb with an object; Apache OpenNLP part-of-speech tags).", analysed == machine
                ? "machine-written" : "pool", found, analysed.size()), rows.isEmpty() ? empty("no verb-object pairs")
                : Svg.bars(rows, parts, legend));
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
            Collection<PoolEntry> pool, List<String[]> charts) {
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
                {"rejections", Long.toString(rejections)}, {"pool entries", Integer.toString(pool.size())}}) {
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
