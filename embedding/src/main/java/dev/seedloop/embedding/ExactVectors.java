package dev.seedloop.embedding;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The exact answer: every live vector is scored. What the approximate index is measured against (its recall), and
 * what the tests and benchmarks use as the truth.
 */
public final class ExactVectors implements VectorIndex {

    private final VectorStore store;

    public ExactVectors(int dimension) {
        this(new VectorStore(dimension));
    }

    /** The exact scan over {@code store}, which it shares. */
    ExactVectors(VectorStore store) {
        this.store = store;
    }

    @Override
    public int add(float[] vector) {
        return store.add(vector);
    }

    @Override
    public void remove(int ordinal) {
        store.remove(ordinal);
    }

    @Override
    public int size() {
        return store.live();
    }

    @Override
    public List<Neighbour> nearest(float[] query, int count) {
        PriorityQueue<Neighbour> best = new PriorityQueue<>(Comparator.comparingDouble(Neighbour::cosine));
        for (int ordinal = 0; ordinal < store.size(); ordinal++) {
            if (store.removed(ordinal)) {
                continue;
            }
            double cosine = store.dot(query, ordinal);
            if (best.size() < count) {
                best.add(new Neighbour(ordinal, cosine));
            } else if (count > 0 && cosine > best.peek().cosine()) {
                best.poll();
                best.add(new Neighbour(ordinal, cosine));
            }
        }
        List<Neighbour> sorted = new ArrayList<>(best);
        sorted.sort(Comparator.comparingDouble(Neighbour::cosine).reversed().thenComparingInt(Neighbour::ordinal));
        return sorted;
    }
}
