package dev.seedloop.generator;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/** A set of demonstrations with constant-time add, remove and uniform random sampling. */
public final class DemonstrationPool {

    private final List<Demonstration> demos = new ArrayList<>();
    private final Map<String, Integer> positions = new HashMap<>();

    public synchronized void put(Demonstration demo) {
        Integer position = positions.get(demo.id());
        if (position != null) {
            demos.set(position, demo);
            return;
        }
        positions.put(demo.id(), demos.size());
        demos.add(demo);
    }

    public synchronized boolean remove(String id) {
        Integer position = positions.remove(id);
        if (position == null) {
            return false;
        }
        Demonstration last = demos.remove(demos.size() - 1);
        if (position < demos.size()) {
            demos.set(position, last);
            positions.put(last.id(), position);
        }
        return true;
    }

    public synchronized int size() {
        return demos.size();
    }

    /** Up to {@code count} distinct demonstrations, uniformly at random. */
    public synchronized List<Demonstration> sample(int count, Random random) {
        int wanted = Math.min(count, demos.size());
        Set<Integer> chosen = new LinkedHashSet<>();
        // Floyd's algorithm: wanted draws, no rejection loop.
        for (int j = demos.size() - wanted; j < demos.size(); j++) {
            int pick = random.nextInt(j + 1);
            chosen.add(chosen.contains(pick) ? j : pick);
        }
        List<Demonstration> sample = new ArrayList<>(wanted);
        chosen.forEach(index -> sample.add(demos.get(index)));
        return sample;
    }
}
