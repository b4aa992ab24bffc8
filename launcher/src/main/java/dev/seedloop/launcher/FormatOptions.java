package dev.seedloop.launcher;

import dev.seedloop.tools.ingest.BenchmarkTemplate;
import dev.seedloop.tools.ingest.IngestFormat;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * How a dataset file is read: the same options, and the same readers, for {@code ingest} and {@code filter-file},
 * so that the two can never disagree about a file.
 */
final class FormatOptions {

    @Option(names = "--template", description = "For --format benchmark: a template file, or a shipped task: nli, "
            + "sentiment, extractive-qa, summarisation, paraphrase.")
    String template;

    @Option(names = "--min-score", defaultValue = "1", paramLabel = "VOTES", description = "For --format "
            + "stackexchange: the lowest score (net votes) a question and its accepted answer may have (default: "
            + "${DEFAULT-VALUE}).")
    int minScore;

    @Option(names = "--map", split = ",", paramLabel = "FIELD=NAME", description = "For --format jsonl: which "
            + "fields hold the instruction, output, input and id, e.g. instruction=question,output=answer.")
    Map<String, String> mapping = new HashMap<>();

    /**
     * The format named {@code name} with these options.
     *
     * @throws IllegalArgumentException with a message for the user when the name or an option is wrong
     */
    IngestFormat format(String name) {
        try {
            return IngestFormat.named(name, mapping, template == null ? null : BenchmarkTemplate.load(template),
                    minScore);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read --template " + template + ": "
                    + ErrorMessages.oneLine(e), e);
        }
    }
}
