package dev.seedloop.runtime.llm;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * A prompt kept in a versioned resource file: '#' comment lines, then a {@code system:} section and a
 * {@code user:} section. The system text is joined into one paragraph; the user text keeps its lines.
 */
public record PromptTemplate(String system, String user) {

    /** Reads {@code resource} from the classpath of {@code owner}; a missing file is a build error. */
    public static PromptTemplate load(Class<?> owner, String resource) {
        String text;
        try (InputStream in = owner.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("prompt resource " + resource + " is missing from the build");
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        StringBuilder system = new StringBuilder();
        StringBuilder user = new StringBuilder();
        StringBuilder current = null;
        for (String line : text.split("\n", -1)) {
            if (line.startsWith("#")) {
                continue;
            }
            if (line.equals("system:")) {
                current = system;
            } else if (line.equals("user:")) {
                current = user;
            } else if (current != null) {
                current.append(line).append('\n');
            }
        }
        if (user.isEmpty()) {
            throw new IllegalStateException("prompt resource " + resource + " has no 'user:' section");
        }
        return new PromptTemplate(system.toString().strip().replace('\n', ' '), user.toString().strip());
    }
}
