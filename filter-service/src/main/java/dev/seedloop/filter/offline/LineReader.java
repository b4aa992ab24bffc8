package dev.seedloop.filter.offline;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads a file line by line as bytes and decodes each line on its own, strictly: a line that is not valid UTF-8
 * is reported as such instead of being silently repaired, and the lines after it are still read.
 */
final class LineReader implements AutoCloseable {

    private final InputStream in;
    private final byte[] buffer = new byte[1 << 16];
    private int position;
    private int limit;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);

    LineReader(InputStream in) {
        this.in = in;
    }

    /** The next line without its line break, or null at the end; {@link Line#text()} is null if not UTF-8. */
    Line next() throws IOException {
        line.reset();
        boolean any = false;
        while (true) {
            if (position == limit) {
                limit = in.read(buffer);
                position = 0;
                if (limit <= 0) {
                    limit = 0;
                    return any ? decode() : null;
                }
            }
            any = true;
            int start = position;
            while (position < limit && buffer[position] != '\n') {
                position++;
            }
            line.write(buffer, start, position - start);
            if (position < limit) {
                position++;
                return decode();
            }
        }
    }

    private Line decode() {
        byte[] bytes = line.toByteArray();
        int length = bytes.length;
        if (length > 0 && bytes[length - 1] == '\r') {
            length--;
        }
        try {
            return new Line(decoder.decode(ByteBuffer.wrap(bytes, 0, length)).toString(), length);
        } catch (CharacterCodingException e) {
            return new Line(null, length);
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /** One line: its text (null when it is not valid UTF-8) and its size in bytes. */
    record Line(String text, int bytes) {
    }
}
