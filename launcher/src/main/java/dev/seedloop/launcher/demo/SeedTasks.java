package dev.seedloop.launcher.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.seedloop.schemas.InstructionId;
import dev.seedloop.schemas.avro.Instance;
import dev.seedloop.schemas.avro.PoolEntry;
import dev.seedloop.schemas.avro.Provenance;
import dev.seedloop.schemas.avro.Source;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Self-Instruct's 175 human-written seed tasks, bundled with seedloop, as pool entries. */
public final class SeedTasks {

    private static final String RESOURCE = "/seeds/self-instruct-seed-tasks.jsonl";
    private static final ObjectMapper JSON = new ObjectMapper();

    private SeedTasks() {
    }

    /** The bundled seed tasks. */
    public static List<PoolEntry> bundled() {
        try (InputStream in = SeedTasks.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the bundled seed tasks " + RESOURCE + " are missing from the build");
            }
            return parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<PoolEntry> parse(InputStream in) throws IOException {
        List<PoolEntry> entries = new ArrayList<>();
        Instant now = Instant.now();
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode task = JSON.readTree(line);
            String instruction = task.path("instruction").asText();
            List<Instance> instances = new ArrayList<>();
            for (JsonNode instance : task.path("instances")) {
                instances.add(new Instance(instance.path("input").asText(""), instance.path("output").asText("")));
            }
            entries.add(PoolEntry.newBuilder()
                    .setId(InstructionId.of(instruction))
                    .setInstruction(instruction)
                    .setInstances(instances)
                    .setSource(Source.HUMAN_SEED)
                    .setIsClassification(task.path("is_classification").isBoolean()
                            ? task.path("is_classification").asBoolean() : null)
                    .setProvenance(Provenance.newBuilder()
                            .setMethod("self-instruct-seed-tasks")
                            .setDatasetName("Self-Instruct seed tasks")
                            .setSourceRecordId(task.path("id").asText())
                            .setLicense("Apache-2.0")
                            .build())
                    .setAddedAt(now)
                    .build());
        }
        return entries;
    }
}
