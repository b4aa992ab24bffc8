package dev.seedloop.generator.method;

import dev.seedloop.generator.Demonstration;
import dev.seedloop.generator.DemonstrationPool;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Self-Instruct's choice of in-context demonstrations: up to {@code machineCount} machine-generated ones (as many as
 * exist, up to that number), the rest human-written, shuffled together.
 */
record DemonstrationSampler(int count, int machineCount) {

    DemonstrationSampler {
        if (count < 1 || machineCount < 0 || machineCount > count) {
            throw new IllegalArgumentException("need 1 <= demonstrations and 0 <= machine ones <= demonstrations");
        }
    }

    List<Demonstration> sample(DemonstrationPool human, DemonstrationPool machine, Random random) {
        List<Demonstration> chosen = new ArrayList<>(machine.sample(machineCount, random));
        chosen.addAll(human.sample(count - chosen.size(), random));
        if (chosen.size() < count) {
            // Too few human tasks: fill up with more machine ones rather than show fewer demonstrations.
            List<Demonstration> more = machine.sample(count, random);
            more.removeAll(chosen);
            chosen.addAll(more.subList(0, Math.min(more.size(), count - chosen.size())));
        }
        Collections.shuffle(chosen, random);
        return chosen;
    }
}
