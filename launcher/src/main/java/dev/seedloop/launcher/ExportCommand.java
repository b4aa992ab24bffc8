package dev.seedloop.launcher;

import dev.seedloop.filter.contamination.ContaminationIndex;
import dev.seedloop.filter.instruction.BenchmarkContaminationRule;
import dev.seedloop.runtime.config.ConfigException;
import dev.seedloop.schemas.avro.Source;
import dev.seedloop.tools.export.Export;
import dev.seedloop.tools.export.ExportFormat;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code seedloop export}: the pool as the file a trainer reads. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Write the pool as a training file: one row per example (an instruction with several "
                + "instances gives several rows), each with its provenance, in a stable order.%n"
                + "Exit status: 0 done, 1 failed, 2 bad usage, 3 refused by --require-clean.")
final class ExportCommand implements Callable<Integer> {

    @Option(names = "--format", required = true, description = "alpaca, sharegpt, openai-chat (JSON lines) or "
            + "parquet.")
    String format;

    @Option(names = "--out", required = true, description = "The file to write (replaced).")
    Path out;

    @Option(names = "--source", split = ",", description = "Only these entries: human, machine, benchmark, "
            + "human-seed, human-dataset (default: all).")
    List<String> sources = new ArrayList<>();

    @Option(names = "--since", paramLabel = "T", description = "Only entries added at or after T, an ISO-8601 "
            + "instant such as 2026-12-01T09:00:00Z.")
    String since;

    @Option(names = "--require-clean", paramLabel = "SETS", description = "Refuse (exit status 3, nothing written) "
            + "when an exported entry quotes an item of these eval sets: shipped ones by name (gsm8k, humaneval, "
            + "mt-bench, vicuna-bench) and JSON lines files by path, comma-separated.")
    String requireClean;

    @Mixin
    ClusterOptions cluster;

    @Override
    public Integer call() {
        Export.Options options;
        try {
            Set<Source> selected = EnumSet.noneOf(Source.class);
            for (String source : sources) {
                selected.addAll(Export.sources(source));
            }
            Optional<ContaminationIndex> evalSets = Optional.empty();
            if (requireClean != null) {
                evalSets = Optional.of(BenchmarkContaminationRule.index(List.of(requireClean.split(",")), Map.of()));
            }
            options = new Export.Options(ExportFormat.named(format), out, selected, since == null ? Optional.empty()
                    : Optional.of(Instant.parse(since)), evalSets);
        } catch (ConfigException e) {
            System.err.println("export: " + e.getMessage().replace(BenchmarkContaminationRule.EVAL_SETS.name()
                    + ": ", "--require-clean: "));
            return 2;
        } catch (IllegalArgumentException e) {
            System.err.println("export: " + e.getMessage());
            return 2;
        } catch (DateTimeParseException e) {
            System.err.println("export: --since must be an ISO-8601 instant such as 2026-12-01T09:00:00Z");
            return 2;
        }
        if (PathChecks.output("--out", out).isPresent()) {
            System.err.println("export: " + PathChecks.output("--out", out).get());
            return 2;
        }
        System.out.println("seedloop export " + out);
        Export.Options chosen = options;
        return cluster.run("export", "export.log", (connected, clients) -> {
            try (ToolProgress progress = ToolProgress.of("export")) {
                Export.Summary summary = new Export(clients, chosen).run(progress);
                progress.close();
                System.out.println(summary.describe(chosen));
                return 0;
            } catch (Export.ContaminatedException e) {
                System.err.println("export: refused: " + e.getMessage());
                return 3;
            }
        });
    }
}
