package dev.seedloop.llm;

import java.time.Duration;

/**
 * The gateway's concurrency limit, adapted to the server (additive increase, multiplicative decrease): it starts at
 * {@code llm.concurrency}; each answer while the limit is used (calls wait for it, or every slot is taken) adds
 * 1/limit, so a limit's worth of answers adds one, up to {@code llm.max-concurrency}; it halves, at most once a
 * second and never below one, when refusals (429s and timeouts) are at least 70% of the calls sent in the last two
 * seconds (and at least 8 were sent). Scattered refusals shrink nothing. Time is passed in ({@code System.nanoTime}
 * readings), so the logic is tested without a clock; guarded by the gateway's lock.
 */
final class ConcurrencyLimit {

    /** Share of refusals among recent calls that means the server is overloaded. */
    static final double OVERLOADED = 0.7;
    private static final long DECREASE_COOLDOWN_NANOS = Duration.ofSeconds(1).toNanos();

    private final int maximum;
    private final RefusalWindow refusals = new RefusalWindow();
    private double limit;
    private long lastDecrease = Long.MIN_VALUE / 2;

    ConcurrencyLimit(int initial, int maximum) {
        this.limit = Math.min(initial, maximum);
        this.maximum = maximum;
    }

    /** Calls allowed in flight now. */
    int value() {
        return (int) limit;
    }

    void sent(long now) {
        refusals.sent(now);
    }

    /** An answer came back; {@code used}: calls were waiting for the limit, or every slot was taken. */
    void answered(boolean used) {
        if (used) {
            limit = Math.min(maximum, limit + 1.0 / limit);
        }
    }

    /**
     * A call was refused (429) or timed out. Returns whether the server counts as overloaded now, and whether the
     * limit was halved for it.
     */
    Overload refused(long now) {
        refusals.refused(now);
        boolean overloaded = refusals.share(now) >= OVERLOADED;
        boolean decreased = overloaded && now - lastDecrease > DECREASE_COOLDOWN_NANOS;
        if (decreased) {
            limit = Math.max(1.0, limit / 2);
            lastDecrease = now;
        }
        return new Overload(overloaded, decreased);
    }

    /** What a refusal told: the server is overloaded (every call then waits), and the limit was halved. */
    record Overload(boolean overloaded, boolean decreased) {
    }

    /** Calls sent and refused in the last two seconds, in eight buckets of 250 ms. */
    private static final class RefusalWindow {
        private static final long BUCKET_NANOS = Duration.ofMillis(250).toNanos();
        private static final int BUCKETS = 8;
        /** Fewer calls than this in the window say nothing about the server. */
        private static final int MIN_CALLS = 8;

        private final long[] epochs = new long[BUCKETS];
        private final int[] sent = new int[BUCKETS];
        private final int[] refused = new int[BUCKETS];

        RefusalWindow() {
            java.util.Arrays.fill(epochs, Long.MIN_VALUE);
        }

        void sent(long now) {
            sent[bucket(now)]++;
        }

        void refused(long now) {
            refused[bucket(now)]++;
        }

        /** Refusals per call sent in the window; 0 while too few calls were sent. */
        double share(long now) {
            long current = Math.floorDiv(now, BUCKET_NANOS);
            int calls = 0;
            int refusedCalls = 0;
            for (int i = 0; i < BUCKETS; i++) {
                if (epochs[i] != Long.MIN_VALUE && current - epochs[i] < BUCKETS) {
                    calls += sent[i];
                    refusedCalls += refused[i];
                }
            }
            return calls < MIN_CALLS ? 0.0 : (double) refusedCalls / calls;
        }

        private int bucket(long now) {
            long epoch = Math.floorDiv(now, BUCKET_NANOS);
            int index = (int) Math.floorMod(epoch, (long) BUCKETS);
            if (epochs[index] != epoch) {
                epochs[index] = epoch;
                sent[index] = 0;
                refused[index] = 0;
            }
            return index;
        }
    }
}
