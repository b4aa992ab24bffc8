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

    @Test
    void aReplayHasItsOwnVersionedCopyOfEveryTopic() {
        TopicRegistry live = TopicRegistry.standard();

        TopicRegistry replay = live.replay("strict-1");

        assertThat(replay.all()).extracting(Topic::name).allMatch(name -> name.endsWith(".replay.strict-1"))
                .contains("seedloop.pool.replay.strict-1", "seedloop.rejections.replay.strict-1");
        assertThat(replay.pool().cleanupPolicy()).isEqualTo(CleanupPolicy.COMPACT);
        assertThat(replay.responses().partitions()).isEqualTo(live.responses().partitions());
        assertThat(replay.candidates().partitions()).isEqualTo(1);
        assertThatThrownBy(() -> live.replay("Bad Tag")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void candidatesResponsesAndRejectionsAreKeptLongEnoughToReplay() {
        TopicRegistry registry = TopicRegistry.standard();

        for (Topic<?, ?> topic : java.util.List.of(registry.candidates(), registry.responses(),
                registry.rejections())) {
            assertThat(topic.retention()).as(topic.name()).contains(TopicRegistry.HISTORY_RETENTION);
        }
    }
}
