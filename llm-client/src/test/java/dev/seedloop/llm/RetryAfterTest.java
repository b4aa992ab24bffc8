package dev.seedloop.llm;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** What the server's Retry-After asks for, read on a fixed clock, and the wait it becomes. */
class RetryAfterTest {

    private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");
    private static final Backoff BACKOFF = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30));

    @Test
    void readsMillisecondsSecondsAndAnHttpDate() {
        assertThat(RetryAfter.nanos(headers(Map.of("retry-after-ms", "1500", "retry-after", "9")), NOW))
                .as("retry-after-ms wins").isEqualTo(Duration.ofMillis(1500).toNanos());
        assertThat(RetryAfter.nanos(headers(Map.of("retry-after", "2.5")), NOW))
                .isEqualTo(Duration.ofMillis(2500).toNanos());
        assertThat(RetryAfter.nanos(headers(Map.of("retry-after", "Wed, 02 Dec 2026 10:00:07 GMT")), NOW))
                .isEqualTo(Duration.ofSeconds(7).toNanos());
        assertThat(RetryAfter.nanos(headers(Map.of("retry-after", "Wed, 02 Dec 2026 09:59:00 GMT")), NOW))
                .as("a date in the past asks for no wait").isZero();
    }

    @Test
    void anUnreadableOrMissingHeaderAsksForNothing() {
        assertThat(RetryAfter.nanos(headers(Map.of()), NOW)).isZero();
        assertThat(RetryAfter.nanos(headers(Map.of("retry-after", "soon")), NOW)).isZero();
        assertThat(RetryAfter.nanos(headers(Map.of("retry-after-ms", "-5")), NOW)).isZero();
    }

    @Test
    void theWaitIsWhatTheServerAskedForPlusUpToATenthAndBackoffBeyondAMinute() {
        long asked = Duration.ofSeconds(2).toNanos();
        assertThat(RetryAfter.wait(asked, 1, BACKOFF, 0.0)).isEqualTo(asked);
        assertThat(RetryAfter.wait(asked, 1, BACKOFF, 0.999)).isBetween(asked, asked + asked / 10);

        // Too long to trust, or nothing asked: jittered exponential backoff, half to all of 500 ms * 2^(attempt-1)
        assertThat(RetryAfter.wait(Duration.ofMinutes(5).toNanos(), 3, BACKOFF, 0.5))
                .isBetween(Duration.ofMillis(1000).toNanos(), Duration.ofMillis(2000).toNanos());
        assertThat(RetryAfter.wait(0, 1, BACKOFF, 0.5))
                .isBetween(Duration.ofMillis(250).toNanos(), Duration.ofMillis(500).toNanos());
    }

    private static Function<String, List<String>> headers(Map<String, String> values) {
        return name -> values.containsKey(name) ? List.of(values.get(name)) : List.of();
    }
}
