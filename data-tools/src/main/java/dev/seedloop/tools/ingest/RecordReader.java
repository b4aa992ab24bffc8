package dev.seedloop.tools.ingest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * The records of a dataset file, JSON lines or one JSON array, each with its line number; a line that is not
 * valid UTF-8, not JSON, not an object or larger than {@link #MAX_RECORD_BYTES} is reported, and reading goes on.
 */
public final class RecordReader {

    /** Larger records are refused: no instruction needs a megabyte. */
    static final int MAX_RECORD_BYTES = 1 << 20;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One record read, or the reason it could not be. */
    public sealed interface Item {
        long line();
    }

    public record Good(long line, JsonNode record) implements Item {
    }

    public record Bad(long line, String reason) implements Item {
    }

    /** A record the format does not take, by design (a Stack Exchange answer that was not accepted): counted. */
    public record Skipped(long line, String reason) implements Item {
    }

    private RecordReader() {
    }

    /** Reads {@code file}, handing every item to {@code items} in file order. */
    public static void read(Path file, Consumer<Item> items) throws IOException {
        read(file, items, false);
    }

    /**
     * Reads {@code file}; with {@code tsv}, as tab-separated values under a header line (GLUE's files), each row
     * an object of the header's fields.
     */
    static void read(Path file, Consumer<Item> items, boolean tsv) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            if (tsv) {
                String[][] header = {null};
                readLines(in, (line, bytes) -> tsvRow(line, bytes, header, items), items);
                return;
            }
            in.mark(4096);
            int first;
            do {
                first = in.read();
            } while (first == ' ' || first == '\n' || first == '\r' || first == '\t' || first == 0xEF
                    || first == 0xBB || first == 0xBF);
            in.reset();
            if (first == '[') {
                readArray(in, items);
            } else {
                readLines(in, (line, bytes) -> parse(line, bytes, items), items);
            }
        }
    }

    /** One line's bytes, with its number. */
    private interface LineHandler {
        void line(long line, byte[] bytes);
    }

    private static void tsvRow(long line, byte[] bytes, String[][] header, Consumer<Item> items) {
        String text = decode(bytes);
        if (text == null) {
            items.accept(new Bad(line, "not valid UTF-8"));
            return;
        }
        if (text.endsWith("\r")) {
            text = text.substring(0, text.length() - 1);
        }
        if (header[0] == null) {
            header[0] = (text.startsWith("\uFEFF") ? text.substring(1) : text).split("\t", -1);
            return;
        }
        if (text.isBlank()) {
            return;
        }
        String[] cells = text.split("\t", -1);
        if (cells.length != header[0].length) {
            items.accept(new Bad(line, cells.length + " columns where the header has " + header[0].length));
            return;
        }
        com.fasterxml.jackson.databind.node.ObjectNode row = JSON.createObjectNode();
        for (int i = 0; i < cells.length; i++) {
            row.put(header[0][i], cells[i]);
        }
        items.accept(new Good(line, row));
    }

    private static String decode(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static void readLines(InputStream in, LineHandler lines, Consumer<Item> items) throws IOException {
        long line = 0;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        boolean oversized = false;
        int next;
        while (true) {
            next = in.read();
            if (next == '\n' || next == -1) {
                if (next == -1 && buffer.size() == 0 && !oversized) {
                    return;
                }
                line++;
                if (oversized) {
                    items.accept(new Bad(line, "record larger than " + MAX_RECORD_BYTES / 1024 + " KiB"));
                } else {
                    lines.line(line, buffer.toByteArray());
                }
                buffer.reset();
                oversized = false;
                if (next == -1) {
                    return;
                }
            } else if (!oversized) {
                buffer.write(next);
                if (buffer.size() > MAX_RECORD_BYTES) {
                    oversized = true;
                    buffer.reset();
                }
            }
        }
    }

    private static void parse(long line, byte[] bytes, Consumer<Item> items) {
        String text = decode(bytes);
        if (text == null) {
            items.accept(new Bad(line, "not valid UTF-8"));
            return;
        }
        if (line == 1 && text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        if (text.isBlank()) {
            return;
        }
        try {
            JsonNode node = JSON.readTree(text);
            if (node == null || !node.isObject()) {
                items.accept(new Bad(line, "not a JSON object"));
            } else {
                items.accept(new Good(line, node));
            }
        } catch (JsonProcessingException e) {
            items.accept(new Bad(line, "not JSON: " + e.getOriginalMessage()));
        }
    }

    private static void readArray(InputStream in, Consumer<Item> items) throws IOException {
        try (JsonParser parser = JSON.getFactory().createParser(in)) {
            parser.nextToken();
            while (true) {
                JsonToken token;
                try {
                    token = parser.nextToken();
                } catch (JsonProcessingException e) {
                    items.accept(new Bad(e.getLocation() == null ? 0 : e.getLocation().getLineNr(),
                            "the JSON array breaks here (" + e.getOriginalMessage() + "); the rest is not read"));
                    return;
                }
                if (token == null) {
                    items.accept(new Bad(parser.currentLocation().getLineNr(),
                            "the JSON array is not closed (truncated file?)"));
                    return;
                }
                if (token == JsonToken.END_ARRAY) {
                    return;
                }
                long line = parser.currentTokenLocation().getLineNr();
                try {
                    JsonNode node = JSON.readTree(parser);
                    items.accept(node != null && node.isObject() ? new Good(line, node)
                            : new Bad(line, "not a JSON object"));
                } catch (JsonProcessingException e) {
                    items.accept(new Bad(line, "the JSON array breaks here (" + e.getOriginalMessage()
                            + "); the rest is not read"));
                    return;
                }
            }
        }
    }
}
