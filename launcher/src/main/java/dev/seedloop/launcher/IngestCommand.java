package dev.seedloop.launcher;

import dev.seedloop.embedding.InstructionEmbedder;
import dev.seedloop.runtime.config.ConfigSource;
import dev.seedloop.tools.ingest.Ingest;
import dev.seedloop.tools.ingest.IngestFormat;
import dev.seedloop.tools.ingest.Verdicts;
import dev.seedloop.runtime.kafka.TopicProvisioner;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code seedloop ingest}: a human-written dataset into the pool, with its provenance. */
@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = "Write a human-written dataset into the pool topic, each entry with its source, record id, "
                + "licence and ingest time. Ingesting the same file again adds nothing. Unreadable records go to "
                + "a rejects file with their line and reason (only when there are any).%n"
                + "Exit status: 0 done, 1 nothing could be read, 2 bad usage or a format that does not fit.")
final class IngestCommand implements Callable<Integer> {

    @Option(names = "--format", required = true, description = "self-instruct, alpaca (JSON lines or a JSON "
            + "array), dolly, sharegpt, jsonl with --map, stackexchange (a data dump's Posts.xml), or benchmark with "
            + "--template.")
    String format;

    @Option(names = "--filter", description = "Write candidates for the filter instead of pool entries, so the "
            + "data is deduplicated against the pool and judged by the instruction and response rules like "
            + "generated data. The running loop (a demo or the stages) judges them.")
    boolean filter;

    @Option(names = "--wait", converter = DurationConverter.class, paramLabel = "DURATION", description = "With "
            + "--filter: wait up to this long (30s, 5m) for every candidate's verdict and print them.")
    java.time.Duration wait;

    @Option(names = "--in", required = true, description = "The dataset file.")
    Path in;

    @Option(names = "--source", description = "The dataset's name in the provenance (default: the file name).")
    String source;

    @Option(names = "--license", description = "The dataset's licence, recorded with every entry (default: the "
            + "template's or the post's licence where the format knows it, else unknown).")
    String license;

    @Option(names = "--rejects", paramLabel = "FILE", description = "Where unreadable records go, if there are any "
            + "(default: rejects/<in's name>.rejects.jsonl in the data directory, or in the working directory with "
            + "--bootstrap-servers).")
    Path rejects;

    @Mixin
    FormatOptions formatOptions;

    @Mixin
    ClusterOptions cluster;

    @Override
    public Integer call() {
        IngestFormat parsedFormat;
        try {
            parsedFormat = formatOptions.format(format);
        } catch (IllegalArgumentException e) {
            System.err.println("ingest: " + e.getMessage());
            return 2;
        }
        Optional<String> problem = PathChecks.input("--in", in)
                .or(() -> rejects == null ? Optional.empty() : PathChecks.output("--rejects", rejects));
        if (problem.isPresent()) {
            System.err.println("ingest: " + problem.get());
            return 2;
        }
        if (wait != null && !filter) {
            System.err.println("ingest: --wait goes with --filter: without it, entries are in the pool when ingest "
                    + "ends");
            return 2;
        }
        String datasetName = source != null ? source : parsedFormat.datasetName() != null
                ? parsedFormat.datasetName() : in.getFileName().toString();
        String licence = license != null ? license : parsedFormat.license() != null ? parsedFormat.license()
                : "unknown";
        Ingest.Options options = new Ingest.Options(in, parsedFormat, datasetName, licence, rejects != null
                ? rejects : cluster.home().resolve("rejects").resolve(in.getFileName() + ".rejects.jsonl"), filter);
        System.out.println("seedloop ingest " + in);
        return cluster.run("ingest", "ingest.log", (connected, clients) -> {
            TopicProvisioner.provision(clients, "seedloop-ingest");
            if (rejects == null) {
                // The default rejects file is the data directory's own: one left by an earlier ingest would mislead
                java.nio.file.Files.deleteIfExists(options.rejects());
            }
            Ingest.Summary summary;
            try (InstructionEmbedder embedder = Embedders.open(ConfigSource.fromEnvironment(), "ingest")
                    .orElse(null); ToolProgress progress = ToolProgress.of("ingest")) {
                summary = new Ingest(clients, options, System.out, embedder, 64).run(progress);
            } catch (Ingest.WrongFormatException e) {
                System.err.println("ingest: " + e.getMessage());
                return 2;
            }
            System.out.println(summary.describe(options));
            if (filter && !summary.candidateIds().isEmpty()) {
                if (connected.startedForThisCommand()) {
                    System.out.println("  no loop is running on " + cluster.dataDir + ": the candidates are judged "
                            + "when `seedloop demo` runs on it next");
                } else if (wait == null) {
                    System.out.println("  the running loop judges them: rejections with their reasons go to "
                            + clients.settings().topics().rejections().name());
                } else {
                    System.out.println(new Verdicts(clients).await(summary.candidateIds(), summary.ingestedAt(), wait,
                            connected::hostStopped).describe());
                }
            }
            return summary.records() > summary.rejected() || summary.skipped() > 0 ? 0 : 1;
        });
    }
}
