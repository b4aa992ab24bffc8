package dev.seedloop.generator.method;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TaskListParserTest {

    @Test
    void readsAContinuationOfTheNumberedListAsSelfInstructDoes() {
        TaskListParser.ParsedTasks parsed = TaskListParser.parse(
                " Write a haiku about rain.\n10. Explain   how vaccines\nwork.\n11. list three colours.", false);

        assertThat(parsed.tasks()).containsExactly("Write a haiku about rain.", "Explain how vaccines work.",
                "List three colours.");
        assertThat(parsed.truncatedItem()).isEmpty();
    }

    @Test
    void dropsTheNumberAChatModelRepeatsAtTheStart() {
        assertThat(TaskListParser.parse("9. Write a haiku about rain.\n10. Name a river.", false).tasks())
                .containsExactly("Write a haiku about rain.", "Name a river.");
    }

    @Test
    void dropsTheLastItemWhenTheAnswerWasCutOff() {
        TaskListParser.ParsedTasks parsed = TaskListParser.parse("9. Write a haiku.\n10. Explain how vacc", true);

        assertThat(parsed.tasks()).containsExactly("Write a haiku.");
        assertThat(parsed.truncatedItem()).contains("Explain how vacc");
    }

    @Test
    void anEmptyOrBlankAnswerYieldsNothingAndIsMarkedEmpty() {
        assertThat(TaskListParser.parse("", false).empty()).isTrue();
        assertThat(TaskListParser.parse("   \n  ", false).empty()).isTrue();
        assertThat(TaskListParser.parse(null, false).empty()).isTrue();
        assertThat(TaskListParser.parse("9.", false).empty()).isTrue();
    }

    @Test
    void anAnswerThatIsNoListBecomesOneTaskForTheRulesToJudge() {
        assertThat(TaskListParser.parse("I cannot help with that.", false).tasks())
                .containsExactly("I cannot help with that.");
    }

    @Test
    void capitalisesAFirstLetterOutsideTheBasicPlane() {
        assertThat(TaskListParser.parse("9. 𝒶 curious task about maths.", false).tasks()).hasSize(1);
    }
}
