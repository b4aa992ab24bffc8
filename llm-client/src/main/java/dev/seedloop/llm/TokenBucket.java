package dev.seedloop.llm;

import java.time.Duration;

/** A budget refilled evenly over a minute, up to its capacity; not thread-safe (its owner locks). */
final class TokenBucket {

    private static final double NANOS_PER_MINUTE = Duration.ofMinutes(1).toNanos();

    private long capacity;
    private double perNano;
    private double level;
    private long updated;

    TokenBucket(long perMinute, long now) {
        this.capacity = perMinute;
        this.perNano = perMinute / NANOS_PER_MINUTE;
        this.level = perMinute;
        this.updated = now;
    }

    long capacity() {
        return capacity;
    }

    /** What the bucket holds now. */
    double level(long now) {
        refill(now);
        return level;
    }

    /** Nanoseconds until {@code amount} (at most the capacity) is available; 0 when it is now. */
    long waitFor(long amount, long now) {
        refill(now);
        double wanted = Math.min(amount, capacity);
        return level >= wanted ? 0 : (long) Math.ceil((wanted - level) / perNano);
    }

    void take(long amount, long now) {
        refill(now);
        level -= amount;
    }

    void giveBack(long amount, long now) {
        refill(now);
        level = Math.min(capacity, level + amount);
    }

    /** A new per-minute capacity: the level keeps what it has, within the new capacity. */
    void resize(long perMinute, long now) {
        refill(now);
        capacity = perMinute;
        perNano = perMinute / NANOS_PER_MINUTE;
        level = Math.min(level, capacity);
    }

    /**
     * Lowers the level to {@code atMost} (what the server says, less what was sent since) when that is lower: an
     * answer to an earlier call may arrive after one to a later call, so a server figure is only ever a ceiling.
     */
    void lowerTo(double atMost, long now) {
        refill(now);
        level = Math.min(level, atMost);
    }

    private void refill(long now) {
        level = Math.min(capacity, level + Math.max(0, now - updated) * perNano);
        updated = Math.max(updated, now);
    }
}
