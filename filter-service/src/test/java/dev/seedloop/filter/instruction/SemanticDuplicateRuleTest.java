package dev.seedloop.filter.instruction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seedloop.embedding.EmbeddingRecords;
import dev.seedloop.embedding.InProcessEmbedder;
import dev.seedloop.embedding.InstructionEmbedder;
import dev.seedloop.filter.FilterRules;
import dev.seedloop.filter.PoolJudge;
import dev.seedloop.runtime.config.ConfigException;
import dev.seedloop.runtime.config.ConfigSource;
import dev.seedloop.schemas.avro.Embedding;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SemanticDuplicateRuleTest {

    private static final String MODEL = InProcessEmbedder.MODEL;
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
    void rejectsARewordingOfAPoolTaskThatRougeLetsThroughAndKeepsADifferentTaskOnTheSameTopic() {
        // Given a pool with one task and its vector, both duplicate rules on
        PoolJudge judge = new PoolJudge(rules(Map.of()), true);
        judge.admit(text("Write a short autumn-themed poem."));

        // When its rewording and a different autumn task are judged
        PoolJudge.Judgement reworded = judge.judge(text("Compose a brief poem about autumn."));
        PoolJudge.Judgement different = judge.judge(text("List five vegetables that are harvested in autumn."));

        // Then the rewording is a semantic duplicate with its cosine, the threshold and the entry; the other passes
        assertThat(reworded).isInstanceOfSatisfying(PoolJudge.Judgement.Fail.class, fail -> {
            assertThat(fail.violation().rule()).isEqualTo(SemanticDuplicateRule.NAME);
            assertThat(fail.violation().score().getAsDouble()).isBetween(0.86, 1.0);
            assertThat(fail.violation().threshold().getAsDouble()).isEqualTo(0.86);
            assertThat(judge.idOf(fail.duplicate())).isEqualTo(text("Write a short autumn-themed poem.").id());
            assertThat(fail.violation().detail()).contains(MODEL);
        });
        assertThat(different).isInstanceOfSatisfying(PoolJudge.Judgement.Pass.class, pass -> {
            assertThat(pass.nearest().id()).isEqualTo(text("Write a short autumn-themed poem.").id());
            assertThat(pass.nearest().cosine()).isLessThan(0.86);
        });
    }

    @Test
    void aCosineEqualToTheThresholdRejectsAndOneJustBelowPasses() {
        // Given a pool vector (1, 0) and a threshold of 0.6
        PoolJudge judge = new PoolJudge(rules(Map.of("filter.semantic-duplicate.threshold", "0.6")), true);
        judge.admit(PoolJudge.Text.of("Name a colour you like.", vector(1f, 0f), MODEL));

        // Then a candidate at cosine 0.6 (as 32-bit floats give it) is rejected and one just below is not
        assertThat(judge.judge(PoolJudge.Text.of("Describe your favourite breakfast food.", vector(0.6f, 0.8f), MODEL)))
                .isInstanceOfSatisfying(PoolJudge.Judgement.Fail.class, fail -> assertThat(fail.violation().rule())
                        .isEqualTo(SemanticDuplicateRule.NAME));
        assertThat(judge.judge(PoolJudge.Text.of("Suggest a good book for teenagers.", vector(0.5999f, 0.8001f), MODEL)))
                .isInstanceOf(PoolJudge.Judgement.Pass.class);
    }

    @Test
    void aCandidateWithoutAVectorOfTheModelOrWithAnUnusableOneIsRejectedWithWhy() {
        PoolJudge judge = new PoolJudge(rules(Map.of()), true);
        judge.admit(text("Write a short autumn-themed poem."));

        assertThat(reason(judge, PoolJudge.Text.of("Name a fruit you like.", null, MODEL)))
                .contains("no vector of " + MODEL, "carries none");
        assertThat(reason(judge, PoolJudge.Text.of("Name a fruit you like.", EmbeddingRecords.of("remote:bge-m3",
                new float[] {1f, 0f}, null), MODEL))).contains("of remote:bge-m3", "never compared");
        Embedding broken = Embedding.newBuilder().setModel(MODEL).setVector(ByteBuffer.wrap(new byte[] {1, 2, 3}))
                .build();
        assertThat(reason(judge, PoolJudge.Text.of("Name a fruit you like.", broken, MODEL))).contains("not whole 32-bit");
        assertThat(reason(judge, PoolJudge.Text.of("Name a fruit you like.", vector(1f, 0f), MODEL)))
                .contains("2 dimensions", "384");
    }

    @Test
    void theRuleNeedsAModelAndItsModelIsPartOfTheConfigurationVersion() {
        assertThatThrownBy(() -> rules(Map.of("embedding.provider", "none")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("embedding.provider");
        String inProcess = rules(Map.of()).version();
        String remote = rules(Map.of("embedding.provider", "remote", "embedding.model", "bge-m3")).version();
        assertThat(inProcess).isNotEqualTo(remote);
        assertThat(rules(Map.of("embedding.provider", "remote", "embedding.model", "bge-m3")).embeddingModel())
                .contains("remote:bge-m3");
    }

    private static FilterRules rules(Map<String, String> settings) {
        Map<String, String> values = new java.util.HashMap<>(settings);
        values.put("filter.semantic-duplicate.enabled", "true");
        return FilterRules.from(ConfigSource.ofValues(values));
    }

    private static PoolJudge.Text text(String instruction) {
        InstructionEmbedder.Embedded embedded = (InstructionEmbedder.Embedded) embedder.embed(List.of(instruction))
                .get(0);
        return PoolJudge.Text.of(instruction, EmbeddingRecords.of(embedded), MODEL);
    }

    private static Embedding vector(float... values) {
        return EmbeddingRecords.of(MODEL, values, null);
    }

    private static String reason(PoolJudge judge, PoolJudge.Text text) {
        PoolJudge.Judgement judgement = judge.judge(text);
        assertThat(judgement).isInstanceOf(PoolJudge.Judgement.Fail.class);
        PoolJudge.Judgement.Fail fail = (PoolJudge.Judgement.Fail) judgement;
        assertThat(fail.violation().rule()).isEqualTo(SemanticDuplicateRule.NAME);
        return fail.violation().detail();
    }
}
