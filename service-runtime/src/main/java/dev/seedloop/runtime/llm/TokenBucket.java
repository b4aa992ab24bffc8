package dev.seedloop.runtime.llm;

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

    /** Sets the level to what the server says it is, as of {@code since}, refilled and spent from then to now. */
    void set(double levelAtSince, long since, double spentSince, long now) {
        level = Math.min(capacity, levelAtSince + Math.max(0, now - since) * perNano - spentSince);
        updated = now;
    }

    private void refill(long now) {
        level = Math.min(capacity, level + Math.max(0, now - updated) * perNano);
        updated = Math.max(updated, now);
    }
}
