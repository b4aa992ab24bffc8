package dev.seedloop.llm;

/**
 * An LLM call that ended without an answer: refused by the server as such (a 4xx other than 408, 409, 429), or
 * still failing after every attempt allowed. The message and the response body have the API key masked.
 */
public final class LlmCallException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String responseBody;
    private final int attempts;

    public LlmCallException(String message, int status, String responseBody, int attempts, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.responseBody = responseBody;
        this.attempts = attempts;
    }

    /** HTTP status of the last attempt, 0 when none came back. */
    public int status() {
        return status;
    }

    /** The server's response body (masked and cut), or empty. */
    public String responseBody() {
        return responseBody;
    }

    public int attempts() {
        return attempts;
    }
}
