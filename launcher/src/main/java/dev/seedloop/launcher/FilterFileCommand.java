package dev.seedloop.launcher;

import dev.seedloop.filter.FilterConfig;
import dev.seedloop.filter.FilterRules;
import dev.seedloop.filter.offline.FileFilter;
import dev.seedloop.runtime.config.ConfigException;
import dev.seedloop.runtime.config.ConfigSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code seedloop filter-file}: the instruction filter over a JSONL file, offline. */
@Command(name = "filter-file", mixinStandardHelpOptions = true,
        description = {"Run the instruction filter over a JSONL file, in order: each accepted line joins the pool "
                + "that later lines are judged against. Lines may be Alpaca (instruction, input, output), Dolly "
                + "(instruction, context, response) or Self-Instruct seed tasks (instruction, instances).",
            "Writes one JSON verdict per input line: line, accepted, reason (rule name, or null), score (highest "
                + "ROUGE-L against the pool, when computed), duplicateOf (a line number, or the pool id of a "
                + "--pool entry). A line without an instruction is reported with reason \"malformed\" and the "
                + "run goes on."})
final class FilterFileCommand implements Callable<Integer> {

    /** The instruction rules, by the names --filters takes. */
    static final List<String> RULES = List.of("max-length", "word-count", "keyword-blacklist", "write-a-program",
            "punctuation-start", "non-ascii-start", "exact-duplicate", "near-duplicate");

    @Option(names = "--in", required = true, description = "Input JSONL file.")
    Path in;

    @Option(names = "--out", required = true, description = "Verdicts, one JSON line per input line.")
    Path out;

    @Option(names = "--preset", description = "default, self-instruct or alpaca (default: default).")
    String preset;

    @Option(names = "--filters", split = ",", description = "Keep only these rules, e.g. near-duplicate. Rules: "
            + "max-length, word-count, keyword-blacklist, write-a-program, punctuation-start, non-ascii-start, "
            + "exact-duplicate, near-duplicate.")
    List<String> filters;

    @Option(names = "--threshold", description = "Near-duplicate threshold: ROUGE-L F strictly above it rejects "
            + "(default 0.7).")
    String threshold;

    @Option(names = "--pool", description = "JSONL file of instructions loaded into the pool first (e.g. seed tasks).")
    Path pool;

    @Option(names = "--threads", description = "Threads judging against the pool (default: the number of cores).")
    Integer threads;

    @Option(names = "--set", description = "KEY=VALUE: any filter configuration key (repeatable).")
    Map<String, String> settings = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
        FilterRules rules;
        double floor;
        try {
            ConfigSource source = ConfigSource.of(Map.of(), Optional.empty(), overrides());
            source.rejectUnknown(FilterConfig.ruleKeys());
            rules = FilterConfig.rules(source);
            floor = FilterConfig.scoreFloor(source, rules);
        } catch (ConfigException | IllegalArgumentException e) {
            System.err.println("filter-file: " + e.getMessage());
            return 2;
        }
        int workers = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (workers < 1) {
            System.err.println("filter-file: --threads must be at least 1");
            return 2;
        }
        if (!Files.isReadable(in)) {
            System.err.println("filter-file: cannot read " + in);
            return 2;
        }
        FileFilter filter = new FileFilter(rules, floor, workers);
        try {
            if (pool != null) {
                long skipped = filter.preload(pool, problem -> System.err.println("filter-file: skipped " + problem));
                System.err.println("filter-file: pool loaded from " + pool + (skipped > 0 ? " (" + skipped
                        + " unreadable lines skipped)" : ""));
            }
            ProgressBar bar = new ProgressBar();
            FileFilter.Summary summary = filter.run(in, out, bar::show);
            bar.finish();
            double seconds = summary.elapsed().toNanos() / 1e9;
            System.err.printf(Locale.ROOT, "filter-file: %d lines in %.1f s (%.0f lines/s): %d accepted, %d rejected%s%n",
                    summary.lines(), seconds, summary.lines() / Math.max(seconds, 1e-9), summary.accepted(),
                    summary.lines() - summary.accepted(), summary.rejected().isEmpty() ? ""
                            : " (" + summary.rejected().entrySet().stream()
                                    .map(entry -> entry.getKey() + " " + entry.getValue())
                                    .collect(Collectors.joining(", ")) + ")");
            System.err.println("filter-file: verdicts in " + out);
            return 0;
        } catch (NoSuchFileException e) {
            System.err.println("filter-file: no such file " + e.getFile());
            return 2;
        } catch (IOException e) {
            System.err.println("filter-file: " + e.getMessage());
            return 1;
        }
    }

    private Map<String, String> overrides() {
        Map<String, String> values = new HashMap<>(settings);
        if (preset != null) {
            values.put("filter.preset", preset);
        }
        if (threshold != null) {
            values.put("filter.near-duplicate.threshold", threshold);
        }
        if (filters != null) {
            for (String name : filters) {
                if (!RULES.contains(name.strip())) {
                    throw new IllegalArgumentException("unknown rule '" + name + "' in --filters; rules: "
                            + String.join(", ", RULES));
                }
            }
            for (String rule : RULES) {
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
