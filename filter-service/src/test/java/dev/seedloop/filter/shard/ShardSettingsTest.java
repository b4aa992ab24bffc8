package dev.seedloop.filter.shard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seedloop.runtime.config.ConfigException;
import dev.seedloop.runtime.config.ConfigSource;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShardSettingsTest {

    @Test
    void oneShardIsTheSingleJudgeAndAProcessRunsEveryShardByDefault() {
        assertThat(ShardSettings.from(ConfigSource.ofValues(Map.of())).sharded()).isFalse();
        ShardSettings four = ShardSettings.from(ConfigSource.ofValues(Map.of("filter.shards", "4")));
        assertThat(four.sharded()).isTrue();
        assertThat(four.workers()).containsExactly(0, 1, 2, 3);
        assertThat(four.sequencer()).isTrue();
        assertThat(four.silence()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void aProcessCanRunSomeShardsOrNoneAndStandAsideForTheSequencer() {
        ShardSettings some = ShardSettings.from(ConfigSource.ofValues(Map.of("filter.shards", "4",
                "filter.shard-workers", "3, 1", "filter.sequencer", "false")));
        assertThat(some.workers()).isEqualTo(List.of(3, 1));
        assertThat(some.sequencer()).isFalse();
        assertThat(ShardSettings.from(ConfigSource.ofValues(Map.of("filter.shards", "2", "filter.shard-workers",
                "none"))).workers()).isEmpty();
    }

    @Test
    void aShardThatDoesNotExistOrIsNamedTwiceIsRefusedSayingWhatToGive() {
        assertThatThrownBy(() -> ShardSettings.from(ConfigSource.ofValues(Map.of("filter.shards", "2",
                "filter.shard-workers", "2")))).isInstanceOf(ConfigException.class)
                .hasMessage("filter.shard-workers has shard 2 but filter.shards is 2: shards are numbered 0 to 1");
        assertThatThrownBy(() -> ShardSettings.from(ConfigSource.ofValues(Map.of("filter.shards", "2",
                "filter.shard-workers", "first")))).isInstanceOf(ConfigException.class)
                .hasMessage("filter.shard-workers has 'first': give all, none, or shard numbers from 0 to 1, "
                        + "comma-separated");
        assertThatThrownBy(() -> ShardSettings.from(ConfigSource.ofValues(Map.of("filter.shards", "3",
                "filter.shard-workers", "1,1")))).isInstanceOf(ConfigException.class)
                .hasMessage("filter.shard-workers names shard 1 twice");
        assertThatThrownBy(() -> ShardSettings.from(ConfigSource.ofValues(Map.of("filter.shards", "0"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("filter.shards")
                .hasMessageContaining("must be between 1 and 64");
    }
}
