package dev.seedloop.generator.method;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seedloop.generator.Demonstration;
import dev.seedloop.generator.DemonstrationPool;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DemonstrationSamplerTest {

    private final DemonstrationSampler sampler = new DemonstrationSampler(8, 2);
    private final Random random = new Random(3);

    @Test
    void showsSixHumanAndTwoMachineTasksOnceTwoMachineTasksExist() {
        List<Demonstration> demos = sampler.sample(pool("h", 175), pool("m", 10), random);

        assertThat(demos).hasSize(8).doesNotHaveDuplicates();
        assertThat(demos).filteredOn(demo -> demo.id().startsWith("m")).hasSize(2);
    }

    @Test
    void usesTheMachineTasksThereAreBeforeThereAreTwo() {
        assertThat(sampler.sample(pool("h", 175), pool("m", 0), random))
                .hasSize(8).allMatch(demo -> demo.id().startsWith("h"));
        assertThat(sampler.sample(pool("h", 175), pool("m", 1), random))
                .filteredOn(demo -> demo.id().startsWith("m")).hasSize(1);
    }

    @Test
    void fillsUpWithMachineTasksWhenThereAreTooFewHumanOnes() {
        assertThat(sampler.sample(pool("h", 3), pool("m", 20), random)).hasSize(8).doesNotHaveDuplicates();
        assertThat(sampler.sample(pool("h", 3), pool("m", 1), random)).hasSize(4);
    }

    @Test
    void shufflesHumanAndMachineTasksTogether() {
        long machineFirst = IntStream.range(0, 200)
                .filter(i -> sampler.sample(pool("h", 175), pool("m", 10), random).get(0).id().startsWith("m"))
                .count();
        // 2 of 8 positions: about a quarter of the prompts start with a machine task
        assertThat(machineFirst).isBetween(20L, 90L);
    }

    @Test
    void aRemovedTaskIsNeverSampledAgain() {
        DemonstrationPool pool = pool("h", 10);
        pool.remove("h3");
        pool.remove("h9");
        pool.remove("missing");

        assertThat(pool.size()).isEqualTo(8);
        assertThat(pool.sample(8, random)).extracting(Demonstration::id).doesNotContain("h3", "h9").doesNotHaveDuplicates();
    }

    private static DemonstrationPool pool(String prefix, int size) {
        DemonstrationPool pool = new DemonstrationPool();
        IntStream.range(0, size).forEach(i -> pool.put(Demonstration.of(prefix + i, "Task " + prefix + i)));
        return pool;
    }
}
