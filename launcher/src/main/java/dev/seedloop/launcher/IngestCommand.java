package dev.seedloop.launcher;

import dev.seedloop.launcher.ingest.BenchmarkTemplate;
import dev.seedloop.launcher.ingest.Ingest;
import dev.seedloop.launcher.ingest.IngestFormat;
import dev.seedloop.launcher.ingest.Verdicts;
import dev.seedloop.runtime.kafka.TopicProvisioner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code seedloop ingest}: a human-written dataset into the pool, with its provenance. */
@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = "Write a human-written dataset into the pool topic, each entry with its source, record id, "
                + "licence and ingest time. Ingesting the same file again adds nothing. Unreadable records go to "
                + "a rejects file with their line and reason.%n"
                + "Exit status: 0 done, 1 nothing could be read, 2 bad usage or a format that does not fit.")
final class IngestCommand implements Callable<Integer> {

    @Option(names = "--format", required = true, description = "self-instruct, alpaca (JSON lines or a JSON "
            + "array), dolly, sharegpt, jsonl with --map, stackexchange (a data dump's Posts.xml), or benchmark with "
            + "--template.")
    String format;

    @Option(names = "--template", description = "For --format benchmark: a template file, or a shipped task: nli, "
            + "sentiment, extractive-qa, summarisation, paraphrase.")
    String template;

    @Option(names = "--min-score", defaultValue = "1", description = "For --format stackexchange: the lowest score "
            + "a question and its accepted answer may have (default: ${DEFAULT-VALUE}).")
    int minScore;

    @Option(names = "--filter", description = "Write candidates for the filter instead of pool entries, so the "
            + "data is deduplicated against the pool and judged by the instruction and output rules like "
            + "generated data. The running loop (a demo or the stages) judges them.")
    boolean filter;

    @Option(names = "--wait", converter = DurationConverter.class, paramLabel = "DURATION", description = "With "
            + "--filter: wait up to this long (30s, 5m) for every candidate's verdict and print them.")
    java.time.Duration wait;

    @Option(names = "--in", required = true, description = "The dataset file.")
    Path in;

    @Option(names = "--map", split = ",", paramLabel = "FIELD=NAME", description = "For --format jsonl: which "
            + "fields hold the instruction, output, input and id, e.g. instruction=question,output=answer.")
    Map<String, String> mapping = new HashMap<>();

    @Option(names = "--source", description = "The dataset's name in the provenance (default: the file name).")
    String source;

    @Option(names = "--license", description = "The dataset's licence, recorded with every entry (default: the "
            + "template's or the post's licence where the format knows it, else unknown).")
    String license;

    @Option(names = "--rejects", description = "Where unreadable records go (default: <in>.rejects.jsonl).")
    Path rejects;

    @Mixin
    ClusterOptions cluster;

    @Override
    public Integer call() {
        IngestFormat parsedFormat;
        try {
            parsedFormat = IngestFormat.named(format, mapping, template == null ? null
                    : BenchmarkTemplate.load(template), minScore);
        } catch (IllegalArgumentException | java.io.IOException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        if (!Files.isReadable(in)) {
            System.err.println("cannot read --in " + in);
            return 2;
        }
        if (wait != null && !filter) {
            System.err.println("--wait goes with --filter: without it, entries are in the pool when ingest ends");
            return 2;
        }
        String datasetName = source != null ? source : parsedFormat.datasetName() != null
                ? parsedFormat.datasetName() : in.getFileName().toString();
        String licence = license != null ? license : parsedFormat.license() != null ? parsedFormat.license()
                : "unknown";
        Ingest.Options options = new Ingest.Options(in, parsedFormat, datasetName, licence, rejects != null
                ? rejects : in.resolveSibling(in.getFileName() + ".rejects.jsonl"), filter);
        System.out.println("seedloop ingest " + in);
        return cluster.run("ingest", "ingest.log", (connected, clients) -> {
            TopicProvisioner.provision(clients, "seedloop-ingest");
            Ingest.Summary summary;
            try {
                summary = new Ingest(clients, options, System.out).run();
            } catch (Ingest.WrongFormatException e) {
                System.err.println(e.getMessage());
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
                    System.out.println(new Verdicts(clients).await(summary.candidateIds(), summary.ingestedAt(), wait)
                            .describe());
                }
            }
            return summary.records() > summary.rejected() || summary.skipped() > 0 ? 0 : 1;
        });
    }
}
