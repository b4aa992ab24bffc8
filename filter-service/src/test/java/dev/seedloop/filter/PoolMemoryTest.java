package dev.seedloop.filter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PoolMemoryTest {

    private static final long GIB = 1L << 30;

    @Test
    void aPoolThatFitsPassesAndOneThatDoesNotSaysWhatToChange() {
        PoolMemory twoGib = new PoolMemory(2 * GIB, 2 * GIB);

        // The measured judge: a million instructions with vectors took 651 MB of a 2 GiB heap
        assertThat(twoGib.tooLarge(1_000_000, 1_000_000, 384)).isEmpty();
        assertThat(twoGib.tooLarge(5_000_000, 0, 0)).isEmpty();

        assertThat(twoGib.tooLarge(10_000_000, 10_000_000, 384)).get().asString()
                .contains("10,000,000 instructions (10,000,000 with a vector)", "-Xmx", "MaxRAMPercentage",
                        "filter.semantic-duplicate");
        assertThat(new PoolMemory(8 * GIB, 2 * GIB).tooLarge(5_000_000, 5_000_000, 384)).get().asString()
                .contains("7.2 GiB outside the heap", "-XX:MaxDirectMemorySize");
    }

    @Test
    void directMemoryIsTheHeapUnlessTheJvmIsToldOtherwise() {
        assertThat(PoolMemory.maxDirect(List.of("-Xmx1g"), GIB)).isEqualTo(GIB);
        assertThat(PoolMemory.maxDirect(List.of("-XX:MaxDirectMemorySize=3g"), GIB)).isEqualTo(3 * GIB);
        assertThat(PoolMemory.maxDirect(List.of("-XX:MaxDirectMemorySize=512m"), GIB)).isEqualTo(512L << 20);
    }

    @Test
    void capacityFollowsTheHeap() {
        assertThat(new PoolMemory(512L << 20, 512L << 20).capacity(0)).isBetween(1_850_000L, 1_950_000L);
        assertThat(new PoolMemory(2 * GIB, 2 * GIB).capacity(1)).isBetween(2_700_000L, 2_800_000L);
    }
}
