package dev.seedloop.launcher;

import dev.seedloop.embedding.InstructionEmbedder;
import dev.seedloop.filter.FilterRules;
import dev.seedloop.filter.instruction.BenchmarkContaminationRule;
import dev.seedloop.filter.offline.FileFilter;
import dev.seedloop.filter.rule.Rule;
import dev.seedloop.filter.rule.RuleStage;
import dev.seedloop.filter.rule.Rules;
import dev.seedloop.launcher.demo.SeedTasks;
import dev.seedloop.llm.LlmSettings;
import dev.seedloop.tools.ingest.Ingest;
import dev.seedloop.tools.ingest.InstructionRecords;
import dev.seedloop.schemas.avro.PoolEntry;
import dev.seedloop.runtime.config.ConfigException;
import dev.seedloop.runtime.config.ConfigKey;
import dev.seedloop.runtime.config.ConfigSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code seedloop filter-file}: the instruction filter over a JSONL file, offline. */
@Command(name = "filter-file", mixinStandardHelpOptions = true,
        description = {"Run the instruction filter over a dataset file, in order: each accepted record joins the "
                + "pool that later records are judged against. The file is read as seedloop ingest reads it: by "
                + "default JSON lines or a JSON array of records with an instruction field (Alpaca, Dolly, "
                + "Self-Instruct seed tasks), or any --format ingest takes.",
            "Writes one JSON verdict per record (per example, for formats with several in a record): line, accepted, "
                + "reason (rule name, or null), score (highest ROUGE-L against the pool, when computed), duplicateOf "
                + "(a line number, or the pool id of a --pool entry), and with semantic-duplicate cosine (to the "
                + "nearest pool instruction). A record without an instruction is reported with reason "
                + "\"malformed\" and the run goes on.",
            "Exit status: 0 done, 1 the file could not be read to its end, 2 bad usage."})
final class FilterFileCommand implements Callable<Integer> {

    /** --pool's name of the bundled seed tasks. */
    private static final String SELF_INSTRUCT = "self-instruct";

    /** The names --filters takes: the instruction rules of the registry, in order. */
    static final class InstructionRuleNames implements Iterable<String> {

        static List<String> names() {
            return Rules.of(RuleStage.INSTRUCTION).stream().map(Rule::name).toList();
        }

        @Override
        public Iterator<String> iterator() {
            return names().iterator();
        }
    }

    @Option(names = "--in", required = true, description = "The dataset file.")
    Path in;

    @Option(names = "--out", required = true, description = "Verdicts, one JSON line per record (replaced).")
    Path out;

    @Option(names = "--format", description = "As seedloop ingest reads it: self-instruct, alpaca, dolly, "
            + "sharegpt, jsonl with --map, stackexchange, or benchmark with --template (default: any records with "
            + "an instruction field).")
    String format;

    @Mixin
    FormatOptions formatOptions;

    @Option(names = "--preset", description = "default, self-instruct or alpaca (default: default).")
    String preset;

    @Option(names = "--filters", split = ",", completionCandidates = InstructionRuleNames.class,
            description = "Keep only these rules, e.g. near-duplicate. Rules: ${COMPLETION-CANDIDATES}.")
    List<String> filters;

    @Option(names = "--threshold", description = "Near-duplicate threshold: ROUGE-L F strictly above it rejects "
            + "(default 0.7).")
    String threshold;

    @Option(names = "--semantic-threshold", description = "Semantic-duplicate threshold: a cosine to a pool "
            + "instruction at or above it rejects (default 0.86; the rule runs with --filters semantic-duplicate, "
            + "on the in-process model unless embedding.* is --set).")
    String semanticThreshold;

    @Option(names = "--eval", paramLabel = "SETS", description = "Eval sets no record may quote, for the "
            + "benchmark-contamination rule: shipped ones by name (gsm8k, humaneval, mt-bench, vicuna-bench) and JSON "
            + "lines files by path, comma-separated (default: every shipped set). The rule reads each record's "
            + "instruction and its other texts (inputs, outputs).")
    String eval;

    @Option(names = "--pool", paramLabel = "self-instruct|FILE", description = "Instructions loaded into the pool "
            + "first: Self-Instruct's 175 bundled seed tasks, or a file of records with an instruction field.")
    String pool;

    @Option(names = "--threads", description = "Threads judging against the pool (default: the number of cores).")
    Integer threads;

    @Option(names = "--set", description = "KEY=VALUE: any filter configuration key (repeatable).")
    Map<String, String> settings = new LinkedHashMap<>();

    @Override
    public Integer call() throws InterruptedException {
        FilterRules rules;
        ConfigSource source;
        try {
            // The rules come from the options alone; the environment gives only the LLM endpoint (OPENAI_BASE_URL,
            // OPENAI_API_KEY, SEEDLOOP_LLM_*), for a remote embeddings model
            source = ConfigSource.of(Embedders.endpointEnvironment(), Optional.empty(), overrides());
            ConfigSource.ofValues(overrides()).rejectUnknown(keys());
            rules = FilterRules.from(source);
            if (eval != null && rules.contamination().isEmpty()) {
                throw new IllegalArgumentException("--eval goes with the benchmark-contamination rule: add it to "
                        + "--filters (or drop --preset self-instruct/alpaca, which leave it off)");
            }
            if (semanticThreshold != null && rules.semanticDuplicate().isEmpty()) {
                throw new IllegalArgumentException("--semantic-threshold goes with the semantic-duplicate rule: add "
                        + "it to --filters (or --set filter.semantic-duplicate.enabled=true)");
            }
        } catch (ConfigException | IllegalArgumentException e) {
            System.err.println("filter-file: " + e.getMessage());
            return 2;
        }
        int workers = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (workers < 1) {
            System.err.println("filter-file: --threads must be at least 1");
            return 2;
        }
        Optional<String> problem = PathChecks.input("--in", in).or(() -> PathChecks.output("--out", out))
                .or(() -> pool == null || pool.equals(SELF_INSTRUCT) ? Optional.empty()
                        : PathChecks.input("--pool", Path.of(pool)));
        if (problem.isPresent()) {
            System.err.println("filter-file: " + problem.get());
            return 2;
        }
        FileFilter.Records records;
        Map<String, Long> skipped = new TreeMap<>();
        try {
            records = format == null ? InstructionRecords.anyLayout(in) : InstructionRecords.of(in,
                    formatOptions.format(format), reason -> skipped.merge(reason, 1L, Long::sum));
        } catch (IllegalArgumentException e) {
            System.err.println("filter-file: " + e.getMessage());
            return 2;
        }
        InstructionEmbedder embedder = rules.semanticDuplicate().isEmpty() ? null
                : Embedders.open(source, "filter-file").orElseThrow();
        FileFilter filter = new FileFilter(rules, workers, embedder);
        try (embedder) {
            if (pool != null) {
                long unreadable = filter.preload(poolRecords(), ignored -> { });
                System.err.println("filter-file: pool loaded from " + pool + (unreadable > 0 ? " (" + unreadable
                        + " records without an instruction left out)" : ""));
            }
            ProgressBar bar = new ProgressBar();
            FileFilter.Summary summary = filter.run(records, out, bar::show);
            bar.finish();
            double seconds = summary.elapsed().toNanos() / 1e9;
            System.err.printf(Locale.ROOT, "filter-file: %d records in %.1f s (%.0f/s): %d accepted, %d rejected%s%n",
                    summary.lines(), seconds, summary.lines() / Math.max(seconds, 1e-9), summary.accepted(),
                    summary.lines() - summary.accepted(), summary.rejected().isEmpty() ? ""
                            : " (" + summary.rejected().entrySet().stream()
                                    .map(entry -> entry.getKey() + " " + entry.getValue())
                                    .collect(Collectors.joining(", ")) + ")");
            if (!skipped.isEmpty()) {
                System.err.println("filter-file: skipped, as the format leaves them out: " + skipped);
            }
            if (embedder != null) {
                System.err.println("filter-file: semantic-duplicate compared vectors of " + embedder.model());
            }
            System.err.println("filter-file: verdicts in " + out);
            return 0;
        } catch (Ingest.WrongFormatException e) {
            deleteQuietly(out);
            System.err.println("filter-file: " + e.getMessage());
            return 2;
        } catch (IOException | UncheckedIOException e) {
            System.err.println("filter-file: " + ErrorMessages.oneLine(e));
            return 1;
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            java.nio.file.Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // the verdicts of a run that stopped at once: an empty file left behind is harmless
        }
    }

    /** The records of --pool: the bundled seed tasks, or a file of any layout. */
    private FileFilter.Records poolRecords() {
        if (!pool.equals(SELF_INSTRUCT)) {
            return InstructionRecords.anyLayout(Path.of(pool));
        }
        return each -> {
            long line = 0;
            for (PoolEntry seed : SeedTasks.bundled()) {
                each.accept(new FileFilter.Instruction(++line, seed.getInstruction()));
            }
        };
    }

    /** What --set takes: the filter's keys, and the LLM client's for a remote embeddings endpoint. */
    private static List<ConfigKey<?>> keys() {
        List<ConfigKey<?>> keys = new ArrayList<>(FilterRules.keys());
        keys.addAll(LlmSettings.keys(0.0, 16));
        return keys;
    }

    private Map<String, String> overrides() {
        Map<String, String> values = new HashMap<>(settings);
        if (preset != null) {
            values.put("filter.preset", preset);
        }
        if (threshold != null) {
            values.put("filter.near-duplicate.threshold", threshold);
        }
        if (semanticThreshold != null) {
            values.put("filter.semantic-duplicate.threshold", semanticThreshold);
        }
        if (eval != null) {
            values.put(BenchmarkContaminationRule.EVAL_SETS.name(), eval);
        }
        if (filters != null) {
            List<String> rules = InstructionRuleNames.names();
            for (String name : filters) {
                if (!rules.contains(name.strip())) {
                    throw new IllegalArgumentException("unknown rule '" + name + "' in --filters; rules: "
                            + String.join(", ", rules));
                }
            }
            for (String rule : rules) {
                values.put("filter." + rule + ".enabled",
                        Boolean.toString(filters.stream().anyMatch(name -> name.strip().equals(rule))));
            }
        }
        return values;
    }

    /** Progress on standard error once a run takes more than a second. */
    private static final class ProgressBar {
        private final boolean interactive = System.console() != null;
        private long lastShown;
        private boolean shown;

        void show(FileFilter.Progress progress) {
            long now = System.nanoTime();
            if (progress.elapsed().toMillis() < 1000 || now - lastShown < (interactive ? 250_000_000L
                    : 10_000_000_000L)) {
                return;
            }
            lastShown = now;
            shown = true;
            double seconds = progress.elapsed().toNanos() / 1e9;
            String text = String.format(Locale.ROOT, "filter-file: %,d lines (%,.0f/s), %,d accepted",
                    progress.lines(), progress.lines() / seconds, progress.accepted());
            if (interactive) {
                System.err.print("\r" + text + "\u001b[K");
            } else {
                System.err.println(text);
            }
        }

        void finish() {
            if (shown && interactive) {
                System.err.println();
            }
        }
    }
}
