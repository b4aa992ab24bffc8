package dev.seedloop.tools.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReadProgressTest {

    @Test
    void saysWhatIsDoneOfTheTotalAtWhatRateAndTheTimeLeft() {
        assertThat(new ReadProgress("pool records read", 250_000, 1_000_000, Duration.ofSeconds(5)).line())
                .isEqualTo("250,000 of 1,000,000 pool records read (50,000/s, about 15 s left)");
        assertThat(new ReadProgress("lines read", 100_000, 10_000_000, Duration.ofSeconds(10)).line())
                .isEqualTo("100,000 of 10,000,000 lines read (10,000/s, about 16 min 30 s left)");
        assertThat(new ReadProgress("lines read", 1_000, 10_000_000, Duration.ofSeconds(10)).line())
                .endsWith("(100/s, about 27 h 46 min left)");
    }

    @Test
    void saysNoTimeLeftBeforeAnythingIsDoneOrOnceAllIs() {
        assertThat(new ReadProgress("records read", 0, 10, Duration.ofSeconds(1)).line())
                .isEqualTo("0 of 10 records read (0/s)");
        assertThat(new ReadProgress("records read", 10, 10, Duration.ofSeconds(1)).line())
                .isEqualTo("10 of 10 records read (10/s)");
        assertThat(new ReadProgress("records read", 10, 10, Duration.ofSeconds(1)).left()).isEmpty();
    }

    @Test
    void anUnknownTotalIsLeftOut() {
        assertThat(new ReadProgress("records read", 5_000, 0, Duration.ofSeconds(2)).line())
                .isEqualTo("5,000 records read (2,500/s)");
    }
}
