package dev.seedloop.sink;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.seedloop.schemas.avro.Instance;
import dev.seedloop.schemas.avro.PoolEntry;
import dev.seedloop.schemas.avro.Source;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A JSON lines file that holds the pool's machine-written entries, one line each, in the order they joined: the
 * pool's records are applied to it (a new entry is appended; a tombstone or a changed entry, as a replay's
 * promotion writes them, rewrites the file), so the file says what the pool says, never what it used to.
 */
final class MirrorFile {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path path;
    /** The file as it must be: id to line, in joining order. */
    private final Map<String, String> lines = new LinkedHashMap<>();
    private final List<String> appended = new ArrayList<>();
    private boolean rewrite;

    MirrorFile(Path path) {
        this.path = path;
    }

    /** Applies one pool record: an entry under {@code id}, or its deletion ({@code entry} null). */
    void apply(String id, PoolEntry entry) {
        if (entry == null || entry.getSource() != Source.MACHINE) {
            // A human entry never belongs in the file; under an id the file holds, it replaces a machine one
            rewrite |= lines.remove(id) != null;
            return;
        }
        String line = line(entry);
        String previous = lines.put(id, line);
        if (previous == null) {
            appended.add(line);
        } else if (!previous.equals(line)) {
            rewrite = true;
        }
    }

    /** Makes the file equal to the records applied so far, rewriting it whole only when lines must go or change. */
    void write() {
        try {
            if (rewrite) {
                replaceWith(lines.values());
            } else if (!appended.isEmpty()) {
                try (BufferedWriter writer = Files.newBufferedWriter(path, StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
                    for (String line : appended) {
                        writer.write(line);
                        writer.newLine();
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path + ": " + e.getMessage(), e);
        }
        rewrite = false;
        appended.clear();
    }

    /**
     * Makes the file found on disk (written by an earlier run, perhaps before a promotion it did not see) equal to
     * the records applied so far: kept when it already is, rewritten otherwise.
     */
    void reconcile() {
        try {
            List<String> expected = new ArrayList<>(lines.values());
            if (!Files.exists(path) || !Files.readAllLines(path, StandardCharsets.UTF_8).equals(expected)) {
                replaceWith(expected);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path + ": " + e.getMessage(), e);
        }
        rewrite = false;
        appended.clear();
    }

    int size() {
        return lines.size();
    }

    private void replaceWith(Iterable<String> content) throws IOException {
        Path folder = path.toAbsolutePath().getParent();
        Files.createDirectories(folder);
        Path temporary = folder.resolve(path.getFileName() + ".tmp");
        Files.write(temporary, content, StandardCharsets.UTF_8);
        try {
            Files.move(temporary, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, path, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    static String line(PoolEntry entry) {
        ObjectNode line = JSON.createObjectNode();
        line.put("id", entry.getId());
        line.put("instruction", entry.getInstruction());
        ArrayNode instances = line.putArray("instances");
        for (Instance instance : entry.getInstances()) {
            instances.addObject().put("input", instance.getInput()).put("output", instance.getOutput());
        }
        line.put("source", entry.getSource().name().toLowerCase(Locale.ROOT));
        line.put("model", entry.getProvenance().getModel());
        line.put("responseModel", entry.getProvenance().getResponseModel());
        line.put("addedAt", entry.getAddedAt().toString());
        try {
            return JSON.writeValueAsString(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
