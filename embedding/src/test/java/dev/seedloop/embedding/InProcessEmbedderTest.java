package dev.seedloop.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The in-process model's vectors, pinned: the cosines of a few fixed pairs were computed once with this model
 * (2026-12-02, langchain4j 1.20.0-beta30) and are kept here, so a change in tokenisation, pooling or normalisation
 * shows up as a failure. The tolerance allows for float rounding on other CPUs, not for another model.
 */
class InProcessEmbedderTest {

    private static final double ROUNDING = 1e-4;
    private static InProcessEmbedder embedder;

    @BeforeAll
    static void load() {
        embedder = new InProcessEmbedder(2);
    }

    @AfterAll
    static void close() {
        embedder.close();
    }

    @Test
    void theCosinesOfFixedPairsAreTheRecordedOnes() {
        List<float[]> vectors = embedder.embed(List.of(
                "Write a short story that involves a rural village, a supernatural creature, and a full moon.",
                "Compose a brief piece of fiction featuring a countryside village, a supernatural being and the full moon.",
                "Explain why stories about a supernatural creature in a rural village so often take place under a full moon.",
                "Give three tips for staying healthy.",
                "건강을 유지하기 위한 세 가지 팁을 알려주세요."));

        assertThat(vectors).hasSize(5).allSatisfy(vector -> {
            assertThat(vector).hasSize(InProcessEmbedder.DIMENSION);
            assertThat(Vectors.dot(vector, vector)).isCloseTo(1.0, within(1e-6));
        });
        // A paraphrase, the same topic asked differently, an unrelated task
        assertThat(Vectors.dot(vectors.get(0), vectors.get(1))).isCloseTo(0.9174629, within(ROUNDING));
        assertThat(Vectors.dot(vectors.get(0), vectors.get(2))).isCloseTo(0.8561690, within(ROUNDING));
        assertThat(Vectors.dot(vectors.get(0), vectors.get(3))).isCloseTo(0.4650349, within(ROUNDING));
        // English only: a Korean translation of a task is far from it
        assertThat(Vectors.dot(vectors.get(3), vectors.get(4))).isCloseTo(0.5456375, within(ROUNDING));
        assertThat(vectors.get(0)[0]).isCloseTo(0.012277207f, within(1e-5f));
    }

    @Test
    void theSameTextAloneOrInABatchGetsTheSameVector() {
        String text = "Give three tips for staying healthy.";
        float[] alone = embedder.embed(List.of(text)).get(0);
        float[] batched = embedder.embed(List.of("Name a river.", text, "Sort the list.")).get(1);

        assertThat(Vectors.dot(alone, batched)).isCloseTo(1.0, within(1e-6));
    }

    @Test
    void anEmptyTextIsRefusedWithItsPosition() {
        assertThatThrownBy(() -> embedder.embed(List.of("Name a river.", "  ")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("text 1 is empty: nothing to embed");
    }

    @Test
    void aTextLongerThanTheModelsWindowIsStillOneVector() {
        String longText = "Summarise the following report. " + "The river rose by two metres overnight. ".repeat(400);

        float[] vector = embedder.embed(List.of(longText)).get(0);

        assertThat(vector).hasSize(InProcessEmbedder.DIMENSION);
        assertThat(Vectors.dot(vector, vector)).isCloseTo(1.0, within(1e-6));
    }
}
