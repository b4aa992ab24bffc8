package dev.seedloop.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PromptMarkerTest {

    @Test
    void aMarkerGoesOutAsAHeaderAndComesBack() {
        PromptMarker marker = new PromptMarker("self-instruct-v1", "task-list");

        assertThat(marker.header()).isEqualTo("self-instruct-v1; answer=task-list");
        assertThat(PromptMarker.parse(marker.header())).contains(marker);
        assertThat(PromptMarker.parse("  self-instruct-v1 ;  answer=task-list ")).contains(marker);
    }

    @Test
    void aHeaderThatIsNotAMarkerIsNone() {
        assertThat(PromptMarker.parse(null)).isEmpty();
        assertThat(PromptMarker.parse("")).isEmpty();
        assertThat(PromptMarker.parse("self-instruct-v1")).isEmpty();
        assertThat(PromptMarker.parse("self-instruct-v1; shape=task-list")).isEmpty();
        assertThat(PromptMarker.parse("Self Instruct; answer=task-list")).isEmpty();
        assertThat(PromptMarker.parse("x; answer=")).isEmpty();
        assertThat(PromptMarker.parse("x; answer=\u0000\ufffd")).isEmpty();
    }

    @Test
    void aPromptFileWithoutItsAnswerShapeIsABuildError() {
        assertThatThrownBy(() -> new PromptMarker("a b", "task-list")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PromptTemplate.load(PromptMarkerTest.class, "/no-such-prompt.txt"))
                .hasMessageContaining("missing from the build");
    }
}
