package dev.seedloop.llm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EqualityAnswerTest {

    @Test
    void readsTheEqualityJudgementAsTheModelsWriteIt() {
        assertThat(EqualityAnswer.equal("Equal")).isTrue();
        assertThat(EqualityAnswer.equal(" equal.")).isTrue();
        assertThat(EqualityAnswer.equal("They are equal")).isTrue();
        assertThat(EqualityAnswer.equal("Not Equal")).isFalse();
        assertThat(EqualityAnswer.equal("They are not equal")).isFalse();
        assertThat(EqualityAnswer.equal("unequal")).isFalse();
        assertThat(EqualityAnswer.equal("")).isFalse();
        assertThat(EqualityAnswer.equal(null)).isFalse();
    }
}
