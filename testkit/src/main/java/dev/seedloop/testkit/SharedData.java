package dev.seedloop.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.opentest4j.TestAbortedException;

/**
 * The public instruction data beside the repository ({@code ../shared/data}): test and benchmark input only,
 * never needed by the product. Set the system property {@code seedloop.shared.data} or the environment variable
 * {@code SEEDLOOP_SHARED_DATA} to point elsewhere. Where it cannot be found, the tests that need it are skipped
 * with that message, unless {@code SEEDLOOP_REQUIRE_SHARED_DATA=true} (as in CI) makes its absence a failure.
 */
public final class SharedData {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SharedData() {
    }

    /** The data directory; skips the calling test (or fails, where required) when it cannot be found. */
    public static Path directory() {
        String configured = System.getProperty("seedloop.shared.data", System.getenv("SEEDLOOP_SHARED_DATA"));
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        Path current = Path.of("").toAbsolutePath();
        while (current != null) {
            Path candidate = current.resolve("shared").resolve("data");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
            current = current.getParent();
        }
        String missing = "shared test data not found: expected ../shared/data beside the repository (or above "
                + "the working directory), -Dseedloop.shared.data=DIR or SEEDLOOP_SHARED_DATA=DIR";
        if (Boolean.parseBoolean(System.getenv("SEEDLOOP_REQUIRE_SHARED_DATA"))) {
            throw new IllegalStateException(missing);
        }
        // A clone elsewhere runs every test that needs no public dataset; CI (.ci/run) requires the data
        throw new TestAbortedException(missing + "; the tests that compare against it are skipped");
    }

    public static Path file(String relative) {
        return directory().resolve(relative);
    }

    /** Every line of a JSONL file as a JSON tree. */
    public static List<JsonNode> jsonLines(String relative) {
        List<JsonNode> nodes = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(file(relative), StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    nodes.add(JSON.readTree(line));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return nodes;
    }

    /** The text field {@code field} of every line of a JSONL file. */
    public static List<String> field(String relative, String field) {
        return jsonLines(relative).stream().map(node -> node.get(field).asText()).toList();
    }

    /** Decodes a JSON string literal. */
    public static String jsonString(String literal) {
        try {
            return JSON.readValue(literal, String.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
