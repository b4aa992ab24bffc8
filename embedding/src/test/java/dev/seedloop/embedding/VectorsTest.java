package dev.seedloop.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class VectorsTest {

    @Test
    void cosineIsTheAngleWhateverTheLengths() {
        assertThat(Vectors.cosine(new float[] {1, 0}, new float[] {3, 0})).isEqualTo(1.0);
        assertThat(Vectors.cosine(new float[] {1, 0}, new float[] {0, 2})).isEqualTo(0.0);
        assertThat(Vectors.cosine(new float[] {1, 1}, new float[] {-1, -1})).isCloseTo(-1.0, within(1e-12));
        assertThat(Vectors.cosine(new float[] {0, 0}, new float[] {1, 0})).isEqualTo(0.0);
    }

    @Test
    void aUnitVectorHasLengthOneAndAVectorWithoutDirectionIsRefused() {
        float[] unit = Vectors.unit(new float[] {3, 4});
        assertThat(unit).containsExactly(0.6f, 0.8f);
        assertThatThrownBy(() -> Vectors.unit(new float[] {0, 0})).hasMessageContaining("no direction");
        assertThatThrownBy(() -> Vectors.unit(new float[] {Float.NaN, 1})).hasMessageContaining("no direction");
        assertThatThrownBy(() -> Vectors.dot(new float[2], new float[3])).hasMessageContaining("2 and 3");
    }
}
