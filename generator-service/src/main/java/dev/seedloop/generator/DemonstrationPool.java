package dev.seedloop.generator;

import dev.seedloop.embedding.Vectors;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * A set of demonstrations with constant-time add, remove and sampling: uniformly at random, or spread out (a
 * sample of candidates drawn at random, of which those farthest by meaning from each other and from what was
 * shown recently are kept, so prompts cover the pool instead of its densest parts).
 */
public final class DemonstrationPool {

    /** How demonstrations are drawn ({@code generator.demonstration-sampler}). */
    public enum Sampler {
        /** Uniformly at random (Self-Instruct). */
        RANDOM,
        /** Far from each other and from recent prompts, by their vectors' cosine. */
        SPREAD
    }

    /** Candidates drawn at random per demonstration wanted, before the farthest are kept. */
    static final int CANDIDATES_PER_PICK = 8;
    /** How many recently shown vectors a new choice keeps away from. */
    static final int RECENT = 32;

    private final List<Demonstration> demos = new ArrayList<>();
    private final Map<String, Integer> positions = new HashMap<>();
    private final Sampler sampler;
    private final Deque<float[]> recent = new ArrayDeque<>();

    /** A pool sampled uniformly at random. */
    public DemonstrationPool() {
        this(Sampler.RANDOM);
    }

    public DemonstrationPool(Sampler sampler) {
        this.sampler = sampler;
    }

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

    /** Up to {@code count} distinct demonstrations, drawn as the pool's sampler does. */
    public synchronized List<Demonstration> sample(int count, Random random) {
        if (sampler == Sampler.RANDOM || count <= 0) {
            return uniform(count, random);
        }
        List<Demonstration> candidates = uniform(Math.max(count * CANDIDATES_PER_PICK, 32), random);
        List<Demonstration> chosen = new ArrayList<>(Math.min(count, candidates.size()));
        List<float[]> away = new ArrayList<>(recent);
        while (chosen.size() < count && !candidates.isEmpty()) {
            int best = 0;
            double bestDistance = -1;
            for (int i = 0; i < candidates.size(); i++) {
                double distance = distance(candidates.get(i).vector(), away);
                if (distance > bestDistance) {
                    best = i;
                    bestDistance = distance;
                }
            }
            Demonstration pick = candidates.remove(best);
            chosen.add(pick);
            if (pick.vector() != null) {
                away.add(pick.vector());
                recent.addLast(pick.vector());
                if (recent.size() > RECENT) {
                    recent.removeFirst();
                }
            }
        }
        return chosen;
    }

    /** 1 - the highest cosine to any of {@code others}: 2 when there is nothing to be far from, 1 without a vector. */
    private static double distance(float[] vector, List<float[]> others) {
        if (others.isEmpty()) {
            return 2;
        }
        if (vector == null) {
            return 1;
        }
        double nearest = -1;
        for (float[] other : others) {
            if (other.length == vector.length) {
                nearest = Math.max(nearest, Vectors.dot(vector, other));
            }
        }
        return 1 - nearest;
    }

    /** Up to {@code count} distinct demonstrations, uniformly at random. */
    private List<Demonstration> uniform(int count, Random random) {
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
