package dev.seedloop.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seedloop.runtime.config.ConfigException;
import dev.seedloop.runtime.config.ConfigSource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What the stages get for the texts they cannot embed as they are: each text on its own, with the reason. */
class InstructionEmbedderTest {

    private static InstructionEmbedder embedder;

    @BeforeAll
    static void loadTheModel() {
        embedder = new InstructionEmbedder(new InProcessEmbedder(2), 2048);
    }

    @AfterAll
    static void close() {
        embedder.close();
    }

    @Test
    void anEmptyTextIsRefusedAloneAHugeOneIsCutAndSaysSoAndKoreanIsScoredWithTheCaveat() {
        String huge = "Explain why the sky is blue. ".repeat(40_000);
        List<InstructionEmbedder.Result> results = embedder.embed(List.of("Name a fruit.", "  \n", huge,
                "가을에 관한 짧은 시를 써 주세요."));

        assertThat(results.get(0)).isInstanceOfSatisfying(InstructionEmbedder.Embedded.class, embedded -> {
            assertThat(embedded.vector()).hasSize(InProcessEmbedder.DIMENSION);
            assertThat(embedded.caveat()).isNull();
            assertThat(embedded.model()).isEqualTo(InProcessEmbedder.MODEL);
        });
        assertThat(results.get(1)).isInstanceOfSatisfying(InstructionEmbedder.Refused.class,
                refused -> assertThat(refused.reason()).contains("empty"));
        assertThat(results.get(2)).isInstanceOfSatisfying(InstructionEmbedder.Embedded.class,
                embedded -> assertThat(embedded.caveat()).contains("first 2,048 of 1,160,000 characters"));
        assertThat(results.get(3)).isInstanceOfSatisfying(InstructionEmbedder.Embedded.class,
                embedded -> assertThat(embedded.caveat()).contains("English-only", "hangul"));
    }

    @Test
    void aVectorSurvivesItsRecordAndBytesThatAreNoVectorAreRefused() {
        float[] vector = Vectors.unit(new float[] {3f, 4f});
        var record = EmbeddingRecords.of("m", vector, null);

        assertThat(EmbeddingRecords.vector(record, "m")).hasValueSatisfying(v -> assertThat(v).containsExactly(vector));
        assertThat(EmbeddingRecords.vector(record, "other")).isEmpty();
        assertThat(EmbeddingRecords.vector(null, "m")).isEmpty();
        assertThatThrownBy(() -> EmbeddingRecords.vector(EmbeddingRecords.of("m", new float[] {Float.NaN, 1f}, null),
                "m")).isInstanceOf(EmbeddingException.class).hasMessageContaining("not a number");
    }

    @Test
    void aRemoteProviderNeedsItsModelAndTheInProcessOneTakesNone() {
        assertThatThrownBy(() -> EmbeddingConfig.from(ConfigSource.ofValues(Map.of("embedding.provider", "remote"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("needs embedding.model");
        assertThatThrownBy(() -> EmbeddingConfig.from(ConfigSource.ofValues(Map.of("embedding.model", "bge-m3"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("only with embedding.provider=remote");
        assertThat(EmbeddingConfig.from(ConfigSource.ofValues(Map.of("embedding.provider", "remote",
                "embedding.model", "bge-m3"))).modelName()).contains("remote:bge-m3");
        assertThat(EmbeddingConfig.from(ConfigSource.ofValues(Map.of())).modelName())
                .contains(InProcessEmbedder.MODEL);
        assertThat(EmbeddingConfig.from(ConfigSource.ofValues(Map.of("embedding.provider", "none"))).modelName())
                .isEmpty();
    }
}
