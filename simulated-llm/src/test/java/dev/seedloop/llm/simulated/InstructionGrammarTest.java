package dev.seedloop.llm.simulated;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seedloop.llm.simulated.InstructionGrammar.Instruction;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class InstructionGrammarTest {

    @Test
    void everyEnglishInstructionStartsWithAVerbAndIsReadBackAsWritten() {
        InstructionGrammar grammar = InstructionGrammar.english();
        Set<String> verbs = grammar.definition().forms().stream().flatMap(form -> form.wordings().stream())
                .map(wording -> wording.split(" ")[0]).collect(java.util.stream.Collectors.toSet());
        Random random = new Random(1);
        Set<String> distinct = new HashSet<>();
        for (int i = 0; i < 20_000; i++) {
            Instruction composed = grammar.compose(false, random);
            distinct.add(composed.text());

            assertThat(verbs).contains(composed.text().split(" ")[0]);
            assertThat(composed.text()).endsWith(".").doesNotContain("{").doesNotContain("  ");
            Instruction read = grammar.read(composed.text())
                    .orElseThrow(() -> new AssertionError("not read: " + composed.text()));
            assertThat(read.form()).as(composed.text()).isEqualTo(composed.form());
            assertThat(read.subjects()).as(composed.text()).isEqualTo(composed.subjects().subList(0,
                    read.subjects().size()));
            assertThat(read.constraints()).as(composed.text())
                    .containsExactlyInAnyOrderElementsOf(composed.constraints());
            assertThat(read.count()).as(composed.text()).isEqualTo(composed.count());
        }
        // a 2,000-example run asks for about 8,000 instructions, and near-duplicates of what it accepted are rejected
        assertThat(distinct).as("distinct instructions of 20,000").hasSizeGreaterThan(8_000);
    }

    @Test
    void everyKoreanInstructionEndsWithAPoliteRequestWithParticlesThatFitItsNouns() {
        InstructionGrammar grammar = InstructionGrammar.korean();
        Random random = new Random(2);
        for (int i = 0; i < 1_000; i++) {
            Instruction composed = grammar.compose(false, random);

            assertThat(composed.text()).matches("(?s).*(세요|주세요)\\.( .*세요\\.)?").doesNotContain("{");
            assertThat(composed.text()).doesNotContain("기을").doesNotContain("기과");
            Instruction read = grammar.read(composed.text())
                    .orElseThrow(() -> new AssertionError("not read: " + composed.text()));
            assertThat(read.form()).as(composed.text()).isEqualTo(composed.form());
            assertThat(read.constraints()).as(composed.text())
                    .containsExactlyInAnyOrderElementsOf(composed.constraints());
        }
        assertThat(InstructionGrammar.particle("실내 식물 키우기", "을")).isEqualTo("를");
        assertThat(InstructionGrammar.particle("블로그 글", "를")).isEqualTo("을");
        assertThat(InstructionGrammar.particle("서울", "으로")).isEqualTo("로");
        assertThat(InstructionGrammar.particle("중립", "로")).isEqualTo("으로");
    }

    @Test
    void everyRuleBreakingWordingHasItsPlaceholdersFilled() {
        Random random = new Random(5);
        for (InstructionGrammar grammar : List.of(InstructionGrammar.english(), InstructionGrammar.korean())) {
            long wordings = grammar.definition().junk().values().stream().mapToLong(List::size).sum();
            for (int i = 0; i < wordings * 50; i++) {
                assertThat(InstructionComposer.junk(grammar, random)).as("%s", grammar).doesNotContain("{")
                        .doesNotContain("}");
            }
        }
    }

    @Test
    void aRewordingIsNearItsDemonstrationInTheSimulatedEmbeddingsAndOtherInstructionsAreNot() {
        Random random = new Random(4);
        for (InstructionGrammar grammar : List.of(InstructionGrammar.english(), InstructionGrammar.korean())) {
            double nearest = 1;
            double others = 0;
            for (int i = 0; i < 300; i++) {
                String demo = grammar.compose(false, random).text();
                String reworded = InstructionComposer.reword(grammar, List.of(demo), random);
                String other = grammar.compose(false, random).text();
                nearest = Math.min(nearest, cosine(demo, reworded));
                others += cosine(demo, other) / 300;
            }
            // every rewording is far closer to what it rewords than another instruction of the grammar is on average
            assertThat(nearest).as("%s: the least similar rewording", grammar).isGreaterThan(0.7);
            assertThat(others).as("%s: the mean similarity of two instructions", grammar).isLessThan(nearest - 0.3);
        }
    }

    private static double cosine(String first, String second) {
        float[] a = EmbeddingComposer.embed(first);
        float[] b = EmbeddingComposer.embed(second);
        double dot = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
        }
        return dot;
    }
}
