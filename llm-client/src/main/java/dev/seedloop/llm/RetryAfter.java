package dev.seedloop.llm;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.function.Function;

/**
 * How long a failed call waits before its next attempt: what the server asked for ({@code retry-after-ms}, or
 * {@code retry-after} in seconds or as an HTTP date), when that is between 0 and 60 s, spread over up to a tenth
 * more so that refused calls do not all return at once; otherwise jittered exponential backoff. The clock and the
 * randomness are passed in.
 */
final class RetryAfter {

    /** A Retry-After longer than this is not trusted: exponential backoff applies instead (as in OpenAI's SDKs). */
    static final long MAX_NANOS = Duration.ofSeconds(60).toNanos();

    private RetryAfter() {
    }

    /** The pause the answer's headers ask for, in nanoseconds from {@code now}; 0 when they ask for none. */
    static long nanos(Function<String, List<String>> headers, Instant now) {
        try {
            List<String> milliseconds = headers.apply("retry-after-ms");
            if (!milliseconds.isEmpty()) {
                return Math.max(0, Duration.ofMillis((long) Double.parseDouble(milliseconds.get(0).strip())).toNanos());
            }
            List<String> seconds = headers.apply("retry-after");
            if (!seconds.isEmpty()) {
                String value = seconds.get(0).strip();
                try {
                    return Math.max(0, Duration.ofMillis((long) (Double.parseDouble(value) * 1000)).toNanos());
                } catch (NumberFormatException e) {
                    ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
                    return Math.max(0, Duration.between(now, at.toInstant()).toNanos());
                }
            }
        } catch (NumberFormatException | DateTimeParseException e) {
            return 0;
        }
        return 0;
    }

    /**
     * The wait before attempt {@code attempts + 1}: {@code retryAfter} plus up to a tenth of it ({@code jitter} in
     * [0, 1) says how much), or the backoff's delay when the server asked for nothing usable.
     */
    static long wait(long retryAfter, int attempts, Backoff backoff, double jitter) {
        if (retryAfter > 0 && retryAfter <= MAX_NANOS) {
            return retryAfter + (long) (jitter * retryAfter / 10);
        }
        return backoff.delay(attempts - 1).toNanos();
    }
}
