package dev.seedloop.llm;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which prompt a request was rendered from and what shape of answer it asks for, sent with the request as the
 * {@value #HEADER} header ({@code self-instruct-v1; answer=task-list}). Servers that do not know it ignore it; the
 * simulated LLM answers by it, so that it never has to recognise a prompt by its wording.
 *
 * @param prompt the prompt's id: its file name with its version, such as {@code self-instruct-v1}
 * @param answer the shape of the answer, such as {@code task-list} or {@code yes-no}
 */
public record PromptMarker(String prompt, String answer) {

    /** The request header that carries the marker. */
    public static final String HEADER = "X-Seedloop-Prompt";

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9.-]*");

    public PromptMarker {
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(answer, "answer");
        if (!NAME.matcher(prompt).matches() || !NAME.matcher(answer).matches()) {
            throw new IllegalArgumentException("a prompt id and an answer shape are lower-case words with '-': '"
                    + prompt + "', '" + answer + "'");
        }
    }

    /** The header's value. */
    public String header() {
        return prompt + "; answer=" + answer;
    }

    /** The marker in a header value; empty when there is none or it is not one. */
    public static Optional<PromptMarker> parse(String header) {
        if (header == null) {
            return Optional.empty();
        }
        int separator = header.indexOf(';');
        if (separator < 0) {
            return Optional.empty();
        }
        String prompt = header.substring(0, separator).strip();
        String rest = header.substring(separator + 1).strip();
        if (!rest.startsWith("answer=")) {
            return Optional.empty();
        }
        String answer = rest.substring("answer=".length()).strip();
        if (!NAME.matcher(prompt).matches() || !NAME.matcher(answer).matches()) {
            return Optional.empty();
        }
        return Optional.of(new PromptMarker(prompt, answer));
    }
}
