package dev.seedloop.generator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seedloop.embedding.Vectors;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The two samplers on a pool with a dense part and a sparse one, as a pool grows around its seeds. */
class DemonstrationPoolTest {

    @Test
    void theSpreadingSamplerShowsTheSparsePartMoreThanTwiceAsOftenAsChance() {
        Random random = new Random(1);
        DemonstrationPool uniform = new DemonstrationPool(DemonstrationPool.Sampler.RANDOM);
        DemonstrationPool spread = new DemonstrationPool(DemonstrationPool.Sampler.SPREAD);
        for (int i = 0; i < 110; i++) {
            boolean sparse = i >= 100;
            float[] vector = Vectors.unit(new float[] {sparse ? 0.1f : 1f, sparse ? 1f : 0.1f,
                    (float) random.nextGaussian() * 0.05f});
            Demonstration demo = new Demonstration((sparse ? "b" : "a") + i, "task " + i, "", "", false, vector);
            uniform.put(demo);
            spread.put(demo);
        }

        int uniformSparse = 0;
        int spreadSparse = 0;
        for (int draw = 0; draw < 200; draw++) {
            uniformSparse += sparse(uniform.sample(2, random));
            spreadSparse += sparse(spread.sample(2, random));
        }

        // Chance shows the sparse part in about one demonstration in eleven (10 of 110); spreading, which keeps away
        // from what it showed last, in more than twice as many
        assertThat(uniformSparse).isLessThan(60);
        assertThat(spreadSparse).isGreaterThan(2 * uniformSparse).isGreaterThan(80);
        assertThat(spread.sample(200, random)).hasSize(110).doesNotHaveDuplicates();
    }

    private static int sparse(List<Demonstration> sample) {
        return (int) sample.stream().filter(demo -> demo.id().startsWith("b")).count();
    }
}
