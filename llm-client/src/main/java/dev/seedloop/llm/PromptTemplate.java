package dev.seedloop.llm;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * A prompt kept in a versioned resource file, {@code <id>.txt} (the id names the prompt and its version, such as
 * {@code self-instruct-v1}): '#' comment lines, an {@code answer: <shape>} line that says what the prompt asks
 * for, then a {@code system:} section and a {@code user:} section (inside a section, '#' is text: Evol-Instruct's
 * prompts say "#Rewritten Prompt#"). The system text is joined into one paragraph; the user text keeps its lines.
 * {@code {name}} placeholders in the user text are filled by {@link #render(Map)}; {@link #request(String)} makes
 * the request, marked with the prompt's id and answer shape.
 */
public record PromptTemplate(String id, String answer, String system, String user) {

    private static final String ANSWER = "answer:";

    /** The marker every request rendered from this prompt carries. */
    public PromptMarker marker() {
        return new PromptMarker(id, answer);
    }

    /** A request with this prompt's system text and marker and {@code user} as the user message. */
    public LlmRequest request(String user) {
        return new LlmRequest(system, user, List.of(), OptionalDouble.empty(), OptionalInt.empty(),
                Optional.of(marker()));
    }

    /** As {@link #request(String)}, the user text rendered from this prompt's with {@code values}. */
    public LlmRequest request(Map<String, String> values) {
        return request(render(values));
    }

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

    /** Reads {@code /prompts/<language>/<id>.txt} from the classpath of {@code owner}. */
    public static PromptTemplate load(Class<?> owner, Language language, String id) {
        return load(owner, "/prompts/" + language.code() + "/" + id + ".txt");
    }

    /** The prompt {@code id} in every language, read from the classpath of {@code owner}. */
    public static Map<Language, PromptTemplate> loadAll(Class<?> owner, String id) {
        Map<Language, PromptTemplate> prompts = new EnumMap<>(Language.class);
        for (Language language : Language.values()) {
            prompts.put(language, load(owner, language, id));
        }
        return Collections.unmodifiableMap(prompts);
    }

    /**
     * Reads {@code resource} from the classpath of {@code owner}; a missing file, or one without a {@code user:}
     * section or an {@code answer:} line, is a build error.
     */
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
        String id = resource.substring(resource.lastIndexOf('/') + 1).replaceFirst("\\.txt$", "");
        String answer = null;
        StringBuilder system = new StringBuilder();
        StringBuilder user = new StringBuilder();
        StringBuilder current = null;
        for (String line : text.split("\n", -1)) {
            if (current == null && line.startsWith("#")) {
                continue;
            }
            if (current == null && line.startsWith(ANSWER)) {
                answer = line.substring(ANSWER.length()).strip();
            } else if (line.equals("system:")) {
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
        if (answer == null || answer.isEmpty()) {
            throw new IllegalStateException("prompt resource " + resource + " has no '" + ANSWER
                    + " <shape>' line before its sections");
        }
        return new PromptTemplate(id, answer, system.toString().strip().replace('\n', ' '), user.toString().strip());
    }
}
