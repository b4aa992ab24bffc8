package dev.seedloop.llm.simulated;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seedloop.llm.simulated.TaskGrammar.Task;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TaskGrammarTest {

    @Test
    void everyEnglishTaskStartsWithATaskVerbAndIsReadBackAsWritten() {
        TaskGrammar grammar = TaskGrammar.english();
        Set<String> verbs = grammar.definition().forms().stream().flatMap(form -> form.templates().stream())
                .map(template -> template.split(" ")[0]).collect(java.util.stream.Collectors.toSet());
        Random random = new Random(1);
        Set<String> distinct = new HashSet<>();
        for (int i = 0; i < 20_000; i++) {
            Task task = grammar.compose(false, random);
            distinct.add(task.text());

            assertThat(verbs).contains(task.text().split(" ")[0]);
            assertThat(task.text()).endsWith(".").doesNotContain("{").doesNotContain("  ");
            Task read = grammar.read(task.text()).orElseThrow(() -> new AssertionError("not read: " + task.text()));
            assertThat(read.form()).as(task.text()).isEqualTo(task.form());
            assertThat(read.subjects()).as(task.text()).isEqualTo(task.subjects().subList(0,
                    read.subjects().size()));
            assertThat(read.constraints()).as(task.text()).containsExactlyInAnyOrderElementsOf(task.constraints());
            assertThat(read.count()).as(task.text()).isEqualTo(task.count());
        }
        // a 2,000-example run asks for about 8,000 tasks, and near-duplicates of what it accepted are rejected
        assertThat(distinct).as("distinct tasks of 20,000").hasSizeGreaterThan(8_000);
    }

    @Test
    void everyKoreanTaskEndsWithAPoliteRequestWithParticlesThatFitItsNouns() {
        TaskGrammar grammar = TaskGrammar.korean();
        Random random = new Random(2);
        for (int i = 0; i < 1_000; i++) {
            Task task = grammar.compose(false, random);

            assertThat(task.text()).matches("(?s).*(세요|주세요)\\.( .*세요\\.)?").doesNotContain("{");
            assertThat(task.text()).doesNotContain("기을").doesNotContain("기과");
            Task read = grammar.read(task.text()).orElseThrow(() -> new AssertionError("not read: " + task.text()));
            assertThat(read.form()).as(task.text()).isEqualTo(task.form());
            assertThat(read.constraints()).as(task.text()).containsExactlyInAnyOrderElementsOf(task.constraints());
        }
        assertThat(TaskGrammar.particle("실내 식물 키우기", "을")).isEqualTo("를");
        assertThat(TaskGrammar.particle("블로그 글", "를")).isEqualTo("을");
        assertThat(TaskGrammar.particle("서울", "으로")).isEqualTo("로");
        assertThat(TaskGrammar.particle("중립", "로")).isEqualTo("으로");
    }

    @Test
    void aRewordingIsNearItsDemonstrationInTheSimulatedEmbeddingsAndOtherTasksAreNot() {
        Random random = new Random(4);
        for (TaskGrammar grammar : List.of(TaskGrammar.english(), TaskGrammar.korean())) {
            double nearest = 1;
            double others = 0;
            for (int i = 0; i < 300; i++) {
                String demo = grammar.compose(false, random).text();
                String reworded = TaskComposer.reword(grammar, List.of(demo), random);
                String other = grammar.compose(false, random).text();
                nearest = Math.min(nearest, cosine(demo, reworded));
                others += cosine(demo, other) / 300;
            }
            // every rewording is far closer to what it rewords than another task of the grammar is on average
            assertThat(nearest).as("%s: the least similar rewording", grammar).isGreaterThan(0.7);
            assertThat(others).as("%s: the mean similarity of two tasks", grammar).isLessThan(nearest - 0.3);
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
