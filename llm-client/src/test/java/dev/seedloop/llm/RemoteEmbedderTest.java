package dev.seedloop.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seedloop.embedding.EmbeddingException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What an embeddings answer must be before its vectors are used; the calls themselves are in RemoteEmbedderIT. */
class RemoteEmbedderTest {

    /** Checking needs no gateway: the answers are built here as a server would send them. */
    private final RemoteEmbedder embedder = new RemoteEmbedder(null, "m", 8, 0);

    @Test
    void aGoodAnswerBecomesUnitVectorsAndFixesTheLength() {
        List<float[]> vectors = embedder.checked(reply(new float[] {3, 4}, new float[] {0, 2}), 2);

        assertThat(vectors.get(0)).containsExactly(0.6f, 0.8f);
        assertThat(vectors.get(1)).containsExactly(0f, 1f);
        assertThat(embedder.dimension()).isEqualTo(2);
    }

    @Test
    void aWrongCountAWrongLengthANumberThatIsNotOneOrNoDirectionIsRefusedWithWhatWasWrong() {
        embedder.checked(reply(new float[] {1, 0}), 1);

        assertThatThrownBy(() -> embedder.checked(reply(new float[] {1, 0}), 2))
                .isInstanceOf(EmbeddingException.class).hasMessage("m answered 1 vectors for 2 texts");
        assertThatThrownBy(() -> embedder.checked(reply(new float[] {1, 0, 0}), 1))
                .hasMessage("m answered a vector of 3 dimensions where 2 were expected (text 0 of the batch)");
        assertThatThrownBy(() -> embedder.checked(reply(new float[] {Float.NaN, 1}), 1))
                .hasMessageContaining("not usable (text 0 of the batch)");
        assertThatThrownBy(() -> embedder.checked(reply(new float[] {0, 0}), 1))
                .hasMessageContaining("only zeros");
    }

    @Test
    void anEmptyTextIsRefusedBeforeAnyCall() {
        assertThatThrownBy(() -> embedder.embed(List.of("Name a river.", "")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("text 1 is empty: nothing to embed");
    }

    private static EmbeddingReply reply(float[]... vectors) {
        return new EmbeddingReply(List.of(vectors), "m", 3, Duration.ofMillis(5), RateLimitHeaders.NONE);
    }
}
