package dev.seedloop.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The judge's index: the exact answer while small, then the graph over the same vectors, ordinals kept. */
class TieredVectorsTest {

    private static final int DIMENSION = 64;

    @Test
    void answersExactlyUntilItHoldsEnoughThenSearchesTheGraphWithTheSameOrdinalsAndRemovals() {
        Random random = new Random(3);
        TieredVectors tiered = new TieredVectors(DIMENSION, 500, GraphVectors.Shape.DEFAULT);
        ExactVectors exact = new ExactVectors(DIMENSION);
        List<float[]> added = new ArrayList<>();
        for (int i = 0; i < 499; i++) {
            float[] vector = GraphVectorsTest.randomUnit(random);
            added.add(vector);
            assertThat(tiered.add(vector)).isEqualTo(exact.add(vector));
        }
        tiered.remove(7);
        exact.remove(7);
        for (int q = 0; q < 50; q++) {
            float[] query = GraphVectorsTest.nearCopy(added.get(q * 3), 0.2, random);
            assertThat(tiered.nearest(query, 3)).isEqualTo(exact.nearest(query, 3));
        }
        assertThat(tiered.approximate()).isFalse();

        for (int i = 499; i < 1500; i++) {
            float[] vector = GraphVectorsTest.randomUnit(random);
            added.add(vector);
            assertThat(tiered.add(vector)).isEqualTo(exact.add(vector));
        }
        assertThat(tiered.approximate()).isTrue();
        assertThat(tiered.size()).isEqualTo(exact.size()).isEqualTo(1499);
        assertThat(tiered.nearest(added.get(7), 1).get(0).ordinal()).as("a removed vector stays out").isNotEqualTo(7);
        int same = 0;
        for (int q = 0; q < 200; q++) {
            float[] query = GraphVectorsTest.nearCopy(added.get(random.nextInt(added.size())), 0.2, random);
            if (tiered.nearest(query, 1).equals(exact.nearest(query, 1))) {
                same++;
            }
        }
        assertThat(same).as("the graph finds the exact nearest").isGreaterThanOrEqualTo(198);
    }
}
