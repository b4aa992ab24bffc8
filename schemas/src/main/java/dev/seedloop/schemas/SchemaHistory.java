package dev.seedloop.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;

/**
 * Earlier versions of the record schemas, kept as resources ({@code schema-history/vN/Record.avsc}, each one
 * self-contained). A value written with any of them still decodes: Avro resolves it into the current schema,
 * every field added since taking its default. Before a record schema changes, its current form is saved here
 * as the next version.
 * <p>
 * An enum symbol that was renamed is read under its new name: the earlier schema is found by the fingerprint of
 * how it was written, and read as the same schema with the symbol renamed in its place (enums are written by
 * position, so the bytes mean the same), which Avro then resolves by name.
 */
public final class SchemaHistory {

    /** Versions kept, oldest first. */
    static final List<String> VERSIONS = List.of("v1", "v2", "v3", "v4");

    /** An enum's symbols renamed after {@code lastVersion}: old symbol to new, in records of that version or older. */
    private record Rename(String lastVersion, String enumName, Map<String, String> symbols) {
    }

    /**
     * 0.2 names the responder and the response rules as the rest of seedloop does: what was RESPONSE (the
     * responder) is RESPONDER, and what was OUTPUT (the response rules) is RESPONSE.
     */
    private static final List<Rename> RENAMES = List.of(new Rename("v3", "RejectionStage",
            Map.of("RESPONSE", "RESPONDER", "OUTPUT", "RESPONSE")));

    private static final ObjectMapper JSON = new ObjectMapper();

    private SchemaHistory() {
    }

    /** One earlier schema: as it was written (its fingerprint is in every value written with it) and as it is read. */
    public record Version(String version, Schema written, Schema readAs) {
    }

    /** Every earlier schema of the record named {@code record}, oldest first. */
    public static List<Version> of(String record) {
        List<Version> versions = new ArrayList<>();
        for (String version : VERSIONS) {
            String resource = "/schema-history/" + version + "/" + record + ".avsc";
            try (InputStream in = SchemaHistory.class.getResourceAsStream(resource)) {
                if (in != null) {
                    JsonNode tree = JSON.readTree(in);
                    Schema written = new Schema.Parser().parse(tree.toString());
                    JsonNode renamed = renamed(tree.deepCopy(), version);
                    versions.add(new Version(version, written, renamed.equals(tree) ? written
                            : new Schema.Parser().parse(renamed.toString())));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + resource, e);
            }
        }
        return versions;
    }

    /** {@code node} with the renames that apply to {@code version} made in every enum it defines. */
    private static JsonNode renamed(JsonNode node, String version) {
        if (node instanceof ObjectNode object) {
            if ("enum".equals(object.path("type").asText())) {
                for (Rename rename : RENAMES) {
                    if (rename.enumName().equals(simpleName(object.path("name").asText()))
                            && VERSIONS.indexOf(version) <= VERSIONS.indexOf(rename.lastVersion())) {
                        ArrayNode symbols = JSON.createArrayNode();
                        object.withArray("symbols").forEach(symbol -> symbols.add(rename.symbols()
                                .getOrDefault(symbol.asText(), symbol.asText())));
                        object.set("symbols", symbols);
                    }
                }
            }
            object.fields().forEachRemaining(field -> field.setValue(renamed(field.getValue(), version)));
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                array.set(i, renamed(array.get(i), version));
            }
        }
        return node;
    }

    private static String simpleName(String name) {
        return name.substring(name.lastIndexOf('.') + 1);
    }
}
