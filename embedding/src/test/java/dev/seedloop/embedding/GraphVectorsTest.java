package dev.seedloop.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The graph index against the exact scan on the same vectors: clusters of near copies among random vectors, as a
 * pool holds paraphrases among different tasks. The graph may miss (its recall is measured), never invent: every
 * score it reports is the exact one.
 */
class GraphVectorsTest {

    private static final int DIMENSION = 64;
    private static final double THRESHOLD = 0.9;

    @Test
    void findsWhatTheExactScanFindsAboveTheThresholdWithExactScores() {
        Random random = new Random(7);
        GraphVectors graph = new GraphVectors(DIMENSION);
        ExactVectors exact = new ExactVectors(DIMENSION);
        List<float[]> added = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            float[] vector = i % 5 == 0 && i > 0 ? nearCopy(added.get(random.nextInt(added.size())), 0.25, random)
                    : randomUnit(random);
            added.add(vector);
            assertThat(graph.add(vector)).isEqualTo(exact.add(vector)).isEqualTo(i);
        }

        int duplicates = 0;
        int found = 0;
        for (int q = 0; q < 1000; q++) {
            float[] query = q % 2 == 0 ? nearCopy(added.get(random.nextInt(added.size())), 0.25, random)
                    : randomUnit(random);
            VectorIndex.Neighbour truth = exact.nearest(query, 1).get(0);
            List<VectorIndex.Neighbour> proposed = graph.nearest(query, 1);
            assertThat(proposed).singleElement().satisfies(hit ->
                    assertThat(hit.cosine()).isEqualTo(Vectors.dot(query, added.get(hit.ordinal()))));
            if (truth.cosine() >= THRESHOLD) {
                duplicates++;
                if (proposed.get(0).cosine() >= THRESHOLD) {
                    found++;
                }
            } else {
                assertThat(proposed.get(0).cosine()).as("nothing above the threshold to find").isLessThan(THRESHOLD);
            }
        }
        assertThat(duplicates).isGreaterThan(400);
        assertThat((double) found / duplicates).as("recall of the duplicates above the threshold").isGreaterThan(0.99);
    }

    @Test
    void aWalkFromManyEntriesFindsWhatOneFindsWithExactScoresAndSkipsRemovedVectors() {
        // Given a graph of more than one layer, and a vector removed from it
        Random random = new Random(11);
        GraphVectors graph = new GraphVectors(DIMENSION);
        List<float[]> added = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            float[] vector = i % 4 == 0 && i > 0 ? nearCopy(added.get(random.nextInt(added.size())), 0.25, random)
                    : randomUnit(random);
            added.add(vector);
            graph.add(vector);
        }
        graph.remove(17);

        // When each query is searched from one entry and from 32
        int agree = 0;
        for (int q = 0; q < 300; q++) {
            float[] query = nearCopy(added.get(random.nextInt(added.size())), 0.25, random);
            List<VectorIndex.Neighbour> one = graph.nearest(query, 5, GraphVectors.Walk.SIGN_CODES, 24, 1);
            List<VectorIndex.Neighbour> many = graph.nearest(query, 5, GraphVectors.Walk.SIGN_CODES, 24, 32);

            // Then both report exact scores, best first, never the removed vector, and mostly the same nearest
            assertThat(many).hasSize(5).noneMatch(hit -> hit.ordinal() == 17).allSatisfy(hit ->
                    assertThat(hit.cosine()).isEqualTo(Vectors.dot(query, added.get(hit.ordinal()))));
            assertThat(many).isSortedAccordingTo((a, b) -> Double.compare(b.cosine(), a.cosine()));
            if (many.get(0).ordinal() == one.get(0).ordinal()) {
                agree++;
            }
            assertThat(many.get(0).cosine()).isGreaterThanOrEqualTo(one.get(0).cosine() - 0.05);
        }
        assertThat(agree).isGreaterThan(280);
        // and below 400,000 vectors the judge's search walks from one entry, as Lucene's does
        assertThat(graph.entries()).isEqualTo(1);
    }

    @Test
    void aRemovedVectorIsNeverFoundAgain() {
        Random random = new Random(3);
        GraphVectors graph = new GraphVectors(DIMENSION);
        float[] kept = randomUnit(random);
        for (int i = 0; i < 200; i++) {
            graph.add(randomUnit(random));
        }
        int ordinal = graph.add(kept);

        assertThat(graph.nearest(kept, 1).get(0).ordinal()).isEqualTo(ordinal);
        graph.remove(ordinal);

        assertThat(graph.nearest(kept, 10)).noneMatch(hit -> hit.ordinal() == ordinal);
        assertThat(graph.size()).isEqualTo(200);
    }

    @Test
    void aVectorOfAnotherLengthOrWithoutNumbersIsRefused() {
        GraphVectors graph = new GraphVectors(DIMENSION);
        assertThatThrownBy(() -> graph.add(new float[3])).hasMessageContaining("3 dimensions in an index of 64");
        float[] broken = randomUnit(new Random(1));
        broken[5] = Float.NaN;
        assertThatThrownBy(() -> graph.add(broken)).hasMessageContaining("not a number");
        assertThat(graph.nearest(randomUnit(new Random(2)), 3)).isEmpty();
    }

    @Test
    void aGraphShapeThatCannotWorkIsRefused() {
        assertThatThrownBy(() -> new GraphVectors.Shape(1, 100, 24, 32)).hasMessageContaining("at least 2 links");
        assertThatThrownBy(() -> new GraphVectors.Shape(32, 0, 24, 32)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new GraphVectors.Shape(32, 100, 0, 32)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new GraphVectors.Shape(32, 100, 24, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    static float[] randomUnit(Random random) {
        return randomUnit(random, DIMENSION);
    }

    static float[] randomUnit(Random random, int dimension) {
        float[] vector = new float[dimension];
        for (int i = 0; i < dimension; i++) {
            vector[i] = (float) random.nextGaussian();
        }
        return Vectors.unit(vector);
    }

    /** {@code base} moved by noise of about {@code spread} of its length: cosine around 0.97 for 0.25. */
    static float[] nearCopy(float[] base, double spread, Random random) {
        float[] vector = new float[base.length];
        for (int i = 0; i < base.length; i++) {
            vector[i] = (float) (base[i] + random.nextGaussian() * spread / Math.sqrt(base.length));
        }
        return Vectors.unit(vector);
    }
}
