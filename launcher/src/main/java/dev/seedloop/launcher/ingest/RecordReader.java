package dev.seedloop.launcher.ingest;

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
final class RecordReader {

    /** Larger records are refused: no instruction needs a megabyte. */
    static final int MAX_RECORD_BYTES = 1 << 20;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One record read, or the reason it could not be. */
    sealed interface Item {
        long line();
    }

    record Good(long line, JsonNode record) implements Item {
    }

    record Bad(long line, String reason) implements Item {
    }

    private RecordReader() {
    }

    /** Reads {@code file}, handing every item to {@code items} in file order. */
    static void read(Path file, Consumer<Item> items) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
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
                readLines(in, items);
            }
        }
    }

    private static void readLines(InputStream in, Consumer<Item> items) throws IOException {
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
                    parse(line, buffer.toByteArray(), items);
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
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
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
