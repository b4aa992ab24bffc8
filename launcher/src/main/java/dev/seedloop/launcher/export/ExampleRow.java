package dev.seedloop.launcher.export;

import dev.seedloop.schemas.avro.Instance;
import dev.seedloop.schemas.avro.PoolEntry;
import dev.seedloop.schemas.avro.Provenance;
import dev.seedloop.schemas.avro.Turn;
import java.time.Instant;
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

    /** The rows of one entry, one per instance, in the entry's order. */
    static List<ExampleRow> of(PoolEntry entry) {
        List<ExampleRow> rows = new ArrayList<>();
        Provenance provenance = entry.getProvenance();
        List<Instance> instances = entry.getInstances();
        for (int i = 0; i < instances.size(); i++) {
            Instance instance = instances.get(i);
            rows.add(new ExampleRow(entry.getId() + "#" + i, entry.getInstruction(), instance.getInput(),
                    instance.getOutput(), entry.getConversation() == null ? List.of() : entry.getConversation(),
                    entry.getSource().name().toLowerCase(Locale.ROOT)
                    .replace('_', '-'), provenance.getMethod(), provenance.getDatasetName(),
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
