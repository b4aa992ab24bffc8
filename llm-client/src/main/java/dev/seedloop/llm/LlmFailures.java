package dev.seedloop.llm;

import com.openai.errors.OpenAIInvalidDataException;
import com.openai.errors.OpenAIIoException;
import com.openai.errors.OpenAIRetryableException;
import com.openai.errors.OpenAIServiceException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/** Sorts LLM call failures into those worth retrying (the server or the network) and those that are final. */
public final class LlmFailures {

    private LlmFailures() {
    }

    /** The failure without the future wrappers around it. */
    public static Throwable unwrap(Throwable error) {
        Throwable current = error;
        while ((current instanceof CompletionException || current instanceof ExecutionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    /**
     * True for rate limits, server errors, timeouts, broken connections and unreadable answers: the same request
     * may succeed later. False for requests the server refuses as such (400, 401, 403, 404, 422).
     */
    public static boolean isRetryable(Throwable error) {
        Throwable cause = unwrap(error);
        if (cause instanceof OpenAIServiceException service) {
            int status = service.statusCode();
            return status == 408 || status == 409 || status == 429 || status >= 500;
        }
        return cause instanceof OpenAIIoException
                || cause instanceof OpenAIRetryableException
                || cause instanceof OpenAIInvalidDataException
                || cause instanceof IOException
                || cause instanceof TimeoutException;
    }

    /** The HTTP status of the failure, or 0 when no response was received. */
    public static int statusCode(Throwable error) {
        return unwrap(error) instanceof OpenAIServiceException service ? service.statusCode() : 0;
    }

    /**
     * A short, secret-free description: what went wrong on the network when no answer came (a refused connection,
     * an unknown host, a timeout, a failed TLS handshake), else the class, the status and the message, with
     * {@code secret} masked.
     */
    public static String describe(Throwable error, String secret) {
        Throwable cause = unwrap(error);
        String message;
        Throwable network = networkCause(cause);
        if (network instanceof ConnectException) {
            message = "connection refused: nothing answers at that address and port";
        } else if (network instanceof UnknownHostException) {
            message = "unknown host " + network.getMessage();
        } else if (network instanceof NoRouteToHostException) {
            message = "no route to the host: " + network.getMessage();
        } else if (network instanceof SSLException) {
            message = "TLS handshake failed: " + network.getMessage();
        } else if (network instanceof InterruptedIOException) {
            message = "no answer in time (" + network.getMessage() + ")";
        } else {
            message = cause.getClass().getSimpleName() + (statusCode(cause) > 0 ? " (HTTP " + statusCode(cause)
                    + ")" : "") + ": " + cause.getMessage();
        }
        return redact(message, secret);
    }

    /** The network exception in {@code error}'s causes, if one says why no answer came. */
    private static Throwable networkCause(Throwable error) {
        Throwable current = error;
        for (int depth = 0; current != null && depth < 10; depth++) {
            if (current instanceof ConnectException || current instanceof UnknownHostException
                    || current instanceof NoRouteToHostException || current instanceof SSLException
                    || current instanceof InterruptedIOException) {
                return current;
            }
            current = current.getCause() == current ? null : current.getCause();
        }
        return null;
    }

    /** {@code text} with every occurrence of {@code secret} replaced. */
    public static String redact(String text, String secret) {
        if (text == null || secret == null || secret.length() < 4) {
            return text;
        }
        return text.replace(secret, "<redacted>");
    }
}
