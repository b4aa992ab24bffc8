package dev.seedloop.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TopicRegistryTest {

    @Test
    void namesEveryTopicUnderThePrefix() {
        TopicRegistry registry = TopicRegistry.withPrefix("team-a");

        assertThat(registry.all()).extracting(Topic::name).allMatch(name -> name.startsWith("team-a."))
                .doesNotHaveDuplicates().hasSize(7);
    }

    @Test
    void thePoolIsCompactedAndKeptForeverAndTheSequencedTopicsHaveOnePartition() {
        TopicRegistry registry = TopicRegistry.standard();

        assertThat(registry.pool().cleanupPolicy()).isEqualTo(CleanupPolicy.COMPACT);
        assertThat(registry.pool().configs()).containsEntry("retention.ms", "-1");
        assertThat(registry.pool().partitions()).isEqualTo(1);
        assertThat(registry.candidates().partitions()).isEqualTo(1);
    }

    @Test
    void refusesAPrefixThatIsNotALegalTopicName() {
        assertThatThrownBy(() -> TopicRegistry.withPrefix("bad prefix/"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bad prefix/");
    }
}
