package dev.seedloop.tools.snapshot;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * How far a data tool has got in one of its steps: {@code done} of {@code total} units ({@code what}: "pool records
 * read", "pool instructions checked") after {@code elapsed}; a total of 0 when it is not known (a JSON array's
 * records). The tools report it often (after each batch); the command decides how often to show it.
 */
public record ReadProgress(String what, long done, long total, Duration elapsed) {

    /** Units a second so far. */
    public double rate() {
        return done / Math.max(1e-9, elapsed.toNanos() / 1e9);
    }

    /** The time left at the rate so far; empty until something is done. */
    public Optional<Duration> left() {
        if (done <= 0 || total <= done) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofMillis((long) ((total - done) / rate() * 1000)));
    }

    /** The line a command shows: {@code 574,264 of 1,000,000 pool records read (50,819/s, about 9 s left)}. */
    public String line() {
        if (total <= 0) {
            return String.format(Locale.ROOT, "%,d %s (%,.0f/s)", done, what, rate());
        }
        return String.format(Locale.ROOT, "%,d of %,d %s (%,.0f/s%s)", done, total, what, rate(),
                left().map(time -> ", about " + time(time) + " left").orElse(""));
    }

    private static String time(Duration time) {
        long seconds = Math.max(1, time.toSeconds());
        return seconds < 60 ? seconds + " s" : seconds < 3600 ? String.format(Locale.ROOT, "%d min %02d s",
                seconds / 60, seconds % 60) : String.format(Locale.ROOT, "%d h %02d min", seconds / 3600,
                seconds % 3600 / 60);
    }
}
