package dev.seedloop.launcher;

import dev.seedloop.filter.contamination.ContaminationIndex;
import dev.seedloop.filter.contamination.EvalSets;
import dev.seedloop.filter.instruction.BenchmarkContaminationRule;
import dev.seedloop.runtime.config.ConfigException;
import dev.seedloop.tools.report.Report;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code seedloop report}: the data as one HTML page. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Write one self-contained HTML page about the data: the funnel, rejections by reason, the "
                + "max ROUGE-L distribution, instruction and output lengths, the source mix over time and the "
                + "root verbs with their objects, and benchmark contamination (pool entries quoting eval items).%nExit status: 0 done, 1 failed, 2 bad usage.")
final class ReportCommand implements Callable<Integer> {

    @Option(names = "--out", defaultValue = "report.html", description = "The page to write (default: "
            + "${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--eval", paramLabel = "SETS", description = "Eval sets the contamination section checks the "
            + "pool against, comma-separated: shipped ones by name (gsm8k, humaneval, mt-bench, vicuna-bench) and "
            + "JSON lines files by path (default: every shipped set).")
    String eval;

    @Mixin
    ClusterOptions cluster;

    @Override
    public Integer call() {
        if (PathChecks.output("--out", out).isPresent()) {
            System.err.println("report: " + PathChecks.output("--out", out).get());
            return 2;
        }
        ContaminationIndex evalSets;
        try {
            evalSets = BenchmarkContaminationRule.index(eval == null ? EvalSets.ALL_SHIPPED
                    : List.of(eval.split(",")), Map.of());
        } catch (ConfigException e) {
            System.err.println("report: " + e.getMessage().replace(BenchmarkContaminationRule.EVAL_SETS.name()
                    + ": ", "--eval: "));
            return 2;
        }
        System.out.println("seedloop report " + out);
        return cluster.run("report", "report.log", (connected, clients) -> {
            Report.Summary summary;
            try (ToolProgress progress = ToolProgress.of("report")) {
                summary = new Report(clients, evalSets).write(out, progress);
            }
            System.out.printf("  %d charts over %,d candidates, %,d rejections and %,d pool entries -> %s%n",
                    summary.charts(), summary.candidates(), summary.rejections(), summary.poolEntries(),
                    out.toAbsolutePath());
            return 0;
        });
    }
}
