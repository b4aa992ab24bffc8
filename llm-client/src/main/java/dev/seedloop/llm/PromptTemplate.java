package dev.seedloop.llm;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A prompt kept in a versioned resource file: '#' comment lines, then a {@code system:} section and a
 * {@code user:} section (inside a section, '#' is text: Evol-Instruct's prompts say "#Rewritten Prompt#"). The system text is joined into one paragraph; the user text keeps its lines.
 * {@code {name}} placeholders in the user text are filled by {@link #render(Map)}.
 */
public record PromptTemplate(String system, String user) {

    /** The user text with each {@code {key}} replaced by its value; the values are inserted as they are. */
    public String render(Map<String, String> values) {
        StringBuilder text = new StringBuilder();
        int at = 0;
        while (at < user.length()) {
            int open = user.indexOf('{', at);
            int close = open < 0 ? -1 : user.indexOf('}', open);
            if (open < 0 || close < 0) {
                text.append(user, at, user.length());
                break;
            }
            String key = user.substring(open + 1, close);
            if (values.containsKey(key)) {
                text.append(user, at, open).append(values.get(key));
            } else {
                text.append(user, at, close + 1);
            }
            at = close + 1;
        }
        return text.toString();
    }

    /** Reads {@code /prompts/<language>/<name>.txt} from the classpath of {@code owner}. */
    public static PromptTemplate load(Class<?> owner, Language language, String name) {
        return load(owner, "/prompts/" + language.code() + "/" + name + ".txt");
    }

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
            if (current == null && line.startsWith("#")) {
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
