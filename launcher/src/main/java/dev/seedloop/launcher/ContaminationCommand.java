package dev.seedloop.launcher;

import dev.seedloop.filter.contamination.ContaminationIndex;
import dev.seedloop.filter.contamination.EvalSets;
import dev.seedloop.filter.instruction.BenchmarkContaminationRule;
import dev.seedloop.runtime.config.ConfigException;
import dev.seedloop.tools.contamination.ContaminationScan;
import dev.seedloop.tools.export.ExampleRow;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code seedloop contamination}: the pool checked again for quoted benchmark items. */
@Command(name = "contamination", mixinStandardHelpOptions = true,
        description = {"Check every pool entry (human, machine and benchmark-template entries alike: instruction, "
                + "earlier turns, each instance's input and output) for text quoted from evaluation sets, and print "
                + "per eval set how many entries quote it, with examples. Run it when the eval sets change: records "
                + "that joined before, or joined unjudged (seed tasks, ingest without --filter), are checked too.",
            "Exit status: 0 done (with --fail-on-match: and nothing found), 1 failed, 2 bad usage, 3 with "
                + "--fail-on-match: matches found."})
final class ContaminationCommand implements Callable<Integer> {

    /** How many examples of quotes are printed per eval set. */
    private static final int EXAMPLES = 3;

    @Option(names = "--eval", paramLabel = "SETS", description = "Eval sets, comma-separated: shipped ones by name "
            + "(gsm8k, humaneval, mt-bench, vicuna-bench) and JSON lines files by path (default: every shipped set).")
    String eval;

    @Option(names = "--out", paramLabel = "FILE", description = "Write every quote as a JSON line: id, source, part, "
            + "eval_set, item, span, tokens, instruction (replaced).")
    Path out;

    @Option(names = "--remove", description = "Delete every entry that quotes an eval item from the pool (a tombstone "
            + "under its id, after printing what goes), so the next export is clean.")
    boolean remove;

    @Option(names = "--fail-on-match", description = "Exit with status 3 when any entry quotes an eval item (for a "
            + "pipeline step).")
    boolean failOnMatch;

    @Option(names = "--set", description = "KEY=VALUE: a filter.benchmark-contamination.* key (ngram, span, "
            + "min-tokens, max-items) (repeatable).")
    Map<String, String> settings = new LinkedHashMap<>();

    @Mixin
    ClusterOptions cluster;

    @Override
    public Integer call() {
        ContaminationIndex index;
        try {
            index = index();
        } catch (ConfigException | IllegalArgumentException e) {
            System.err.println("contamination: " + e.getMessage().replace(BenchmarkContaminationRule.EVAL_SETS.name()
                    + ": ", "--eval: "));
            return 2;
        }
        if (out != null && PathChecks.output("--out", out).isPresent()) {
            System.err.println("contamination: " + PathChecks.output("--out", out).get());
            return 2;
        }
        System.out.println("seedloop contamination: " + index.summaries().stream()
                .map(set -> set.name() + " (" + set.items() + " items)").collect(Collectors.joining(", ")));
        return cluster.run("contamination", "contamination.log", (connected, clients) -> {
            ContaminationScan scan = new ContaminationScan(clients, index);
            ContaminationScan.Summary summary;
            try (ToolProgress progress = ToolProgress.of("contamination")) {
                summary = scan.scan(progress);
            }
            print(summary);
            if (out != null) {
                ContaminationScan.write(summary.found(), out);
                System.out.println("  quotes        " + summary.found().size() + " -> " + out);
            }
            if (remove && summary.matchingEntries() > 0) {
                System.out.println("  removing      " + summary.matchingEntries() + " entries ("
                        + ContaminationScan.bySource(summary.found()).entrySet().stream()
                                .map(entry -> entry.getKey() + " " + entry.getValue())
                                .collect(Collectors.joining(", ")) + "):");
                summary.found().stream().map(ContaminationScan.Found::id).distinct().forEach(id -> {
                    ContaminationScan.Found first = summary.found().stream().filter(f -> f.id().equals(id))
                            .findFirst().orElseThrow();
                    System.out.println("    " + id + "  " + shorten(first.instruction(), 90));
                });
                long removed = scan.remove(summary);
                System.out.println("  removed       " + removed + " entries from the pool (tombstones); a running "
                        + "filter and generator follow, and the sink's examples file when a sink runs");
            } else if (remove) {
                System.out.println("  removed       nothing: no entry quotes an eval item");
            }
            return failOnMatch && summary.matchingEntries() > 0 && !remove ? 3 : 0;
        });
    }

    private ContaminationIndex index() {
        for (String key : settings.keySet()) {
            if (!key.startsWith("filter." + BenchmarkContaminationRule.NAME + ".")
                    || key.equals(BenchmarkContaminationRule.EVAL_SETS.name())) {
                String prefix = "filter." + BenchmarkContaminationRule.NAME + ".";
                throw new IllegalArgumentException("--set takes " + prefix + "ngram, " + prefix + "span, " + prefix
                        + "min-tokens or " + prefix + "max-items, not " + key + (key.endsWith("eval-sets")
                        ? " (name eval sets with --eval)" : ""));
            }
        }
        return BenchmarkContaminationRule.index(eval == null ? EvalSets.ALL_SHIPPED : List.of(eval.split(",")),
                settings);
    }

    private static void print(ContaminationScan.Summary summary) {
        System.out.printf(Locale.ROOT, "  checked       %,d pool entries in %.1f s%s%n", summary.entries(),
                summary.took().toNanos() / 1e9, summary.unreadable() == 0 ? ""
                        : String.format(Locale.ROOT, " (%,d unreadable records left out)", summary.unreadable()));
        for (Map.Entry<String, Long> set : summary.matched().entrySet()) {
            System.out.printf(Locale.ROOT, "  %-13s %,d entries quote it%n", set.getKey(), set.getValue());
            List<ContaminationScan.Found> examples = new ArrayList<>();
            for (ContaminationScan.Found found : summary.found()) {
                if (found.match().evalSet().equals(set.getKey()) && examples.size() < EXAMPLES) {
                    examples.add(found);
                }
            }
            for (ContaminationScan.Found found : examples) {
                System.out.println("      " + found.id() + " (" + ExampleRow.source(found.source()) + ", " + found.part() + ") quotes " + found.match().itemId() + ": \""
                        + shorten(found.match().span(), 100) + "\"");
            }
        }
        if (summary.matchingEntries() == 0) {
            System.out.println("  clean         no entry quotes an eval item");
        }
    }

    private static String shorten(String text, int length) {
        String line = text.replaceAll("\\s+", " ").strip();
        return line.length() <= length ? line : line.substring(0, length) + "...";
    }
}
