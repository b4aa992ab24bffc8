package dev.seedloop.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InstructionIdTest {

    @Test
    void theSameTaskWrittenWithOtherCaseAndSpacingHasTheSameId() {
        assertThat(InstructionId.of("  Write a  poem\nabout the SEA. "))
                .isEqualTo(InstructionId.of("write a poem about the sea."));
    }

    @Test
    void differentTasksHaveDifferentIds() {
        assertThat(InstructionId.of("Write a poem about the sea."))
                .isNotEqualTo(InstructionId.of("Write a poem about the sky."));
    }

    @Test
    void fullWidthAndCompatibilityFormsFoldTogether() {
        assertThat(InstructionId.normalise("ＡＢＣ　１２３")).isEqualTo("abc 123");
    }

    @Test
    void anIdIs32HexDigits() {
        assertThat(InstructionId.of("주어진 문장을 요약하세요.")).matches("[0-9a-f]{32}");
    }
}
