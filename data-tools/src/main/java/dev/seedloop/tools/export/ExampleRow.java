package dev.seedloop.tools.export;

import dev.seedloop.schemas.avro.Instance;
import dev.seedloop.schemas.avro.PoolEntry;
import dev.seedloop.schemas.avro.Provenance;
import dev.seedloop.schemas.avro.Source;
import dev.seedloop.schemas.avro.Turn;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One training example: an instance of a pool entry, with the turns before it and the entry's provenance.
 *
 * @param id the entry's id and the instance's place in it, {@code <id>#<n>}
 */
public record ExampleRow(String id, String instruction, String input, String output, List<Turn> conversation,
        String source, String method, String dataset, String sourceRecordId, String license, String model,
        String responseModel, Boolean isClassification, Double qualityScore, Instant addedAt) {

    /**
     * How {@code added_at} is written: ISO-8601 in UTC with milliseconds always, so that the text sorts as the time
     * does ({@code ...:11.000Z}, never {@code ...:11Z} beside {@code ...:11.001Z}).
     */
    static final DateTimeFormatter TIME = new DateTimeFormatterBuilder().appendInstant(3).toFormatter(Locale.ROOT);

    /** A source as the {@code source} column and {@code --source} name it: {@code human-dataset}. */
    public static String source(Source source) {
        return source.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The rows of one entry, one per instance, in the entry's order. */
    static List<ExampleRow> of(PoolEntry entry) {
        List<ExampleRow> rows = new ArrayList<>();
        Provenance provenance = entry.getProvenance();
        List<Instance> instances = entry.getInstances();
        for (int i = 0; i < instances.size(); i++) {
            Instance instance = instances.get(i);
            rows.add(new ExampleRow(entry.getId() + "#" + i, entry.getInstruction(), instance.getInput(),
                    instance.getOutput(), entry.getConversation() == null ? List.of() : entry.getConversation(),
                    source(entry.getSource()), provenance.getMethod(), provenance.getDatasetName(),
                    provenance.getSourceRecordId(), provenance.getLicense(), provenance.getModel(),
                    provenance.getResponseModel(), entry.getIsClassification(), entry.getQualityScore(),
                    entry.getAddedAt()));
        }
        return rows;
    }

    /** The user's message: the instruction, then the input after a blank line when there is one. */
    public String prompt() {
        return input.isBlank() ? instruction : instruction + "\n\n" + input;
    }
}
