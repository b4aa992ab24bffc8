package dev.seedloop.llm;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Jittered exponential backoff: attempt n waits a random time up to min(max, initial * 2^n). */
public record Backoff(Duration initial, Duration max) {

    public static Backoff standard() {
        return new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30));
    }

    /** The wait before retry number {@code attempt} (0-based). */
    public Duration delay(int attempt) {
        long ceiling = initial.toMillis() << Math.min(attempt, 20);
        long bounded = Math.min(Math.max(ceiling, 1), max.toMillis());
        return Duration.ofMillis(bounded / 2 + ThreadLocalRandom.current().nextLong(bounded / 2 + 1));
    }
}
