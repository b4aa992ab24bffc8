package dev.seedloop.llm;

/** The LLM endpoint cannot be reached or refuses the key; the message says which endpoint and why. */
public final class LlmUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public LlmUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
