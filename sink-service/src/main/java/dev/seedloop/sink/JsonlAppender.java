package dev.seedloop.sink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.seedloop.schemas.avro.Instance;
import dev.seedloop.schemas.avro.PoolEntry;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends pool entries to a JSONL file, one line each, and never the same id twice: the ids already in the
 * file are read when it opens, so a record replayed after a crash is not written again.
 */
final class JsonlAppender implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(JsonlAppender.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path path;
    private final Set<String> written = new HashSet<>();
    private final BufferedWriter writer;

    JsonlAppender(Path path) {
        this.path = path;
        try {
            if (path.getParent() != null) {
                Files.createDirectories(path.getParent());
            }
            if (Files.exists(path)) {
                readIds();
            }
            this.writer = Files.newBufferedWriter(path, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + path, e);
        }
        LOGGER.info("appending examples to {} ({} already there)", path, written.size());
    }

    synchronized void append(PoolEntry entry) {
        if (!written.add(entry.getId())) {
            return;
        }
        ObjectNode line = JSON.createObjectNode();
        line.put("id", entry.getId());
        line.put("instruction", entry.getInstruction());
        ArrayNode instances = line.putArray("instances");
        for (Instance instance : entry.getInstances()) {
            instances.addObject().put("input", instance.getInput()).put("output", instance.getOutput());
        }
        line.put("source", entry.getSource().name().toLowerCase(java.util.Locale.ROOT));
        line.put("model", entry.getProvenance().getModel());
        line.put("responseModel", entry.getProvenance().getResponseModel());
        line.put("addedAt", entry.getAddedAt().toString());
        try {
            writer.write(JSON.writeValueAsString(line));
            writer.newLine();
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + path, e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            writer.close();
        } catch (IOException e) {
            LOGGER.warn("could not close {}: {}", path, e.toString());
        }
    }

    private void readIds() throws IOException {
        try (BufferedReader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null) {
                try {
                    JsonNode id = JSON.readTree(line).get("id");
                    if (id != null) {
                        written.add(id.asText());
                    }
                } catch (IOException e) {
                    LOGGER.warn("ignoring an unreadable line of {}: {}", path, e.getMessage());
                }
            }
        }
    }
}
