package dev.seedloop.embedding;

/** Vectors that could not be made: a call that failed for good, or an answer that could not be used. */
public final class EmbeddingException extends RuntimeException {

    public EmbeddingException(String message) {
        super(message);
    }

    public EmbeddingException(String message, Throwable cause) {
        super(message, cause);
    }
}
