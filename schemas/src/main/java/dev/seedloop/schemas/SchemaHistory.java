package dev.seedloop.schemas;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;

/**
 * Earlier versions of the record schemas, kept as resources ({@code schema-history/vN/Record.avsc}, each one
 * self-contained). A value written with any of them still decodes: Avro resolves it into the current schema,
 * every field added since taking its default. Before a record schema changes, its current form is saved here
 * as the next version.
 */
public final class SchemaHistory {

    /** Versions kept, oldest first. */
    static final List<String> VERSIONS = List.of("v1", "v2");

    private SchemaHistory() {
    }

    /** Every earlier schema of the record named {@code record}. */
    public static List<Schema> of(String record) {
        List<Schema> schemas = new ArrayList<>();
        for (String version : VERSIONS) {
            String resource = "/schema-history/" + version + "/" + record + ".avsc";
            try (InputStream in = SchemaHistory.class.getResourceAsStream(resource)) {
                if (in != null) {
                    schemas.add(new Schema.Parser().parse(in));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + resource, e);
            }
        }
        return schemas;
    }
}
