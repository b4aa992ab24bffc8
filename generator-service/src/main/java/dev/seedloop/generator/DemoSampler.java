package dev.seedloop.generator;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Self-Instruct's choice of in-context demonstrations: up to {@code machineDemos} machine-generated ones (as many
 * as exist, up to that number), the rest human-written, shuffled together.
 */
record DemoSampler(int demos, int machineDemos) {

    DemoSampler {
        if (demos < 1 || machineDemos < 0 || machineDemos > demos) {
            throw new IllegalArgumentException("need 1 <= demos and 0 <= machine demos <= demos");
        }
    }

    List<Demo> sample(DemoPool human, DemoPool machine, Random random) {
        List<Demo> chosen = new ArrayList<>(machine.sample(machineDemos, random));
        chosen.addAll(human.sample(demos - chosen.size(), random));
        if (chosen.size() < demos) {
            // Too few human tasks: fill up with more machine ones rather than show fewer demonstrations.
            List<Demo> more = machine.sample(demos, random);
            more.removeAll(chosen);
            chosen.addAll(more.subList(0, Math.min(more.size(), demos - chosen.size())));
        }
        Collections.shuffle(chosen, random);
        return chosen;
    }
}
