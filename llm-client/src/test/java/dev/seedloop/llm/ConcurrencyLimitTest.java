package dev.seedloop.llm;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The adaptive concurrency limit on a clock the test moves: no HTTP, no waiting. */
class ConcurrencyLimitTest {

    private static final long MS = Duration.ofMillis(1).toNanos();

    @Test
    void growsByAboutOnePerLimitsWorthOfAnswersWhileUsedUpToTheMaximum() {
        ConcurrencyLimit limit = new ConcurrencyLimit(4, 6);

        // Each answer adds 1/limit: 4 + 1/4 + 1/4.25 + ... passes 5 at the fifth answer
        answer(limit, 4, true);
        assertThat(limit.value()).isEqualTo(4);
        answer(limit, 1, true);
        assertThat(limit.value()).isEqualTo(5);
        answer(limit, 5, true);
        assertThat(limit.value()).isEqualTo(6);
        answer(limit, 100, true);
        assertThat(limit.value()).isEqualTo(6);
    }

    @Test
    void aLimitNobodyWaitsForDoesNotGrow() {
        ConcurrencyLimit limit = new ConcurrencyLimit(4, 64);

        answer(limit, 1000, false);

        assertThat(limit.value()).isEqualTo(4);
    }

    @Test
    void halvesWhenMostRecentCallsAreRefusedAtMostOnceASecondAndNeverBelowOne() {
        ConcurrencyLimit limit = new ConcurrencyLimit(32, 64);
        long now = 10_000 * MS;
        send(limit, 10, now);

        // 7 refusals of 10 calls: 70%, overloaded
        ConcurrencyLimit.Overload overload = null;
        for (int i = 0; i < 7; i++) {
            overload = limit.refused(now + i * MS);
        }
        assertThat(overload.overloaded()).isTrue();
        assertThat(limit.value()).isEqualTo(16);

        // More refusals within the second: still overloaded, not halved again
        assertThat(limit.refused(now + 500 * MS)).isEqualTo(new ConcurrencyLimit.Overload(true, false));
        assertThat(limit.value()).isEqualTo(16);

        // After the cooldown, with the window still refusing: halved again
        assertThat(limit.refused(now + 1_100 * MS).decreased()).isTrue();
        assertThat(limit.value()).isEqualTo(8);

        long later = now + 1_100 * MS;
        for (int step = 1; step <= 10; step++) {
            later += 1_100 * MS;
            send(limit, 10, later);
            for (int i = 0; i < 10; i++) {
                limit.refused(later);
            }
        }
        assertThat(limit.value()).isEqualTo(1);
    }

    @Test
    void scatteredRefusalsShrinkNothing() {
        ConcurrencyLimit limit = new ConcurrencyLimit(16, 64);
        long now = 0;
        for (int second = 0; second < 10; second++) {
            for (int call = 0; call < 20; call++) {
                now += 50 * MS;
                limit.sent(now);
                if (call % 4 == 0) {
                    assertThat(limit.refused(now).overloaded()).isFalse();
                }
            }
        }
        assertThat(limit.value()).isEqualTo(16);
    }

    @Test
    void tooFewCallsSayNothingAndTheWindowForgetsAfterTwoSeconds() {
        ConcurrencyLimit limit = new ConcurrencyLimit(16, 64);
        send(limit, 4, 0);
        for (int i = 0; i < 4; i++) {
            assertThat(limit.refused(0).overloaded()).as("4 calls are too few to judge").isFalse();
        }

        long now = 5_000 * MS;
        send(limit, 10, now);
        for (int i = 0; i < 8; i++) {
            limit.refused(now);
        }
        assertThat(limit.value()).isEqualTo(8);

        // Two seconds on, the old refusals are out of the window: a few new calls, all answered, are not overload
        long later = now + 2_100 * MS;
        send(limit, 10, later);
        assertThat(limit.refused(later).overloaded()).isFalse();
    }

    private static void answer(ConcurrencyLimit limit, int answers, boolean used) {
        for (int i = 0; i < answers; i++) {
            limit.answered(used);
        }
    }

    private static void send(ConcurrencyLimit limit, int calls, long now) {
        for (int i = 0; i < calls; i++) {
            limit.sent(now);
        }
    }
}
