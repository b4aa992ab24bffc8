package dev.seedloop.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.io.IOException;
import java.util.Random;
import org.apache.lucene.util.hnsw.RandomVectorScorer;
import org.junit.jupiter.api.Test;

/**
 * The codes' estimates against the exact dot products, on vectors that share a common direction as sentence
 * embeddings do (0.64 on average): close enough to walk a graph by, and the vector a
 * query was copied from stays among the very best estimates.
 */
class SignCodesTest {

    private static final int DIMENSION = 384;

    @Test
    void estimatesTheDotProductOfVectorsThatShareADirection() throws IOException {
        Random random = new Random(5);
        float[] common = GraphVectorsTest.randomUnit(random, DIMENSION);
        VectorStore store = storeOf(2000, common, random);
        SignCodes codes = new SignCodes(store);
        assertThat(codes.size()).isEqualTo(2000);

        double error = 0;
        int found = 0;
        for (int q = 0; q < 100; q++) {
            int source = random.nextInt(store.size());
            float[] query = GraphVectorsTest.nearCopy(store.get(source), 0.3, random);
            RandomVectorScorer scorer = codes.scorer(query);
            int better = 0;
            float sourceScore = scorer.score(source);
            for (int ordinal = 0; ordinal < store.size(); ordinal++) {
                double estimate = scorer.score(ordinal) - 1;
                error += Math.abs(estimate - store.dot(query, ordinal));
                if (scorer.score(ordinal) > sourceScore) {
                    better++;
                }
            }
            if (better < 3) {
                found++;
            }
        }
        double meanError = error / (100.0 * store.size());
        assertThat(meanError).as("mean absolute error of the estimated cosine").isLessThan(0.05);
        assertThat(found).as("queries whose source is among the three best estimates").isGreaterThanOrEqualTo(98);
    }

    @Test
    void codesAddedLaterAreScoredLikeTheFirst() throws IOException {
        Random random = new Random(9);
        float[] common = GraphVectorsTest.randomUnit(random, DIMENSION);
        VectorStore store = storeOf(500, common, random);
        SignCodes codes = new SignCodes(store);
        float[] later = embeddingLike(common, random);
        int ordinal = store.add(later);
        codes.add(later);

        RandomVectorScorer scorer = codes.scorer(later);
        assertThat(scorer.maxOrd()).isEqualTo(501);
        assertThat((double) scorer.score(ordinal) - 1).isCloseTo(1.0, offset(0.05));
    }

    private static VectorStore storeOf(int count, float[] common, Random random) {
        VectorStore store = new VectorStore(DIMENSION);
        for (int i = 0; i < count; i++) {
            store.add(embeddingLike(common, random));
        }
        return store;
    }

    /** A unit vector 0.8 of the way along {@code common}, the rest its own. */
    private static float[] embeddingLike(float[] common, Random random) {
        float[] own = GraphVectorsTest.randomUnit(random, DIMENSION);
        float[] vector = new float[DIMENSION];
        for (int i = 0; i < DIMENSION; i++) {
            vector[i] = 0.8f * common[i] + 0.6f * own[i];
        }
        return Vectors.unit(vector);
    }
}
