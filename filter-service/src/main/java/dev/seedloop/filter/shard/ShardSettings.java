package dev.seedloop.filter.shard;

import dev.seedloop.runtime.config.ConfigException;
import dev.seedloop.runtime.config.ConfigKey;
import dev.seedloop.runtime.config.ConfigSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How the instruction judge is split: into how many shards, which of them this process runs, and whether it stands
 * for the sequencer. One shard is the single judge inside the Kafka Streams topology, as before.
 *
 * @param shards    the number of shards; 1 keeps the single judge
 * @param workers   the shards this process runs
 * @param sequencer whether this process stands for the sequencer (one process decides; the others wait)
 * @param silence   how long the sequencer waits for a shard's answer before it says so (not ready, a warning)
 */
public record ShardSettings(int shards, List<Integer> workers, boolean sequencer, Duration silence) {

    public static final ConfigKey<Integer> SHARDS = ConfigKey.integer("filter.shards", 1, 1, 64,
            "Shards of the instruction judge, each holding a part of the pool on its own thread; 1 keeps the single "
                    + "judge. The decisions topic gets one partition a shard.");
    public static final ConfigKey<List<String>> WORKERS = ConfigKey.list("filter.shard-workers", "all",
            "The shards this process runs: all, none, or their numbers (0 to filter.shards - 1), comma-separated.");
    public static final ConfigKey<Boolean> SEQUENCER = ConfigKey.bool("filter.sequencer", true,
            "Whether this process stands for the sharded judge's sequencer (one decides, the others wait for it).");
    public static final ConfigKey<Duration> SILENCE = ConfigKey.duration("filter.shard-silence", "30s",
            "How long the sequencer waits for a shard's answer before it reports the shard silent (not ready).");

    public ShardSettings {
        workers = List.copyOf(workers);
    }

    public static List<ConfigKey<?>> keys() {
        return List.of(SHARDS, WORKERS, SEQUENCER, SILENCE);
    }

    public static ShardSettings from(ConfigSource source) {
        int shards = source.get(SHARDS);
        return new ShardSettings(shards, workers(source.get(WORKERS), shards), source.get(SEQUENCER),
                source.get(SILENCE));
    }

    /** The single judge. */
    public static ShardSettings single() {
        return new ShardSettings(1, List.of(), true, Duration.ofSeconds(30));
    }

    /** Whether the judge is split. */
    public boolean sharded() {
        return shards > 1;
    }

    private static List<Integer> workers(List<String> items, int shards) {
        if (items.size() == 1 && items.get(0).equals("all")) {
            return java.util.stream.IntStream.range(0, shards).boxed().toList();
        }
        if (items.isEmpty() || items.size() == 1 && items.get(0).equals("none")) {
            return List.of();
        }
        List<Integer> workers = new ArrayList<>();
        for (String item : items) {
            int shard;
            try {
                shard = Integer.parseInt(item);
            } catch (NumberFormatException e) {
                throw new ConfigException(WORKERS.name() + " has '" + item + "': give all, none, or shard numbers "
                        + "from 0 to " + (shards - 1) + ", comma-separated");
            }
            if (shard < 0 || shard >= shards) {
                throw new ConfigException(WORKERS.name() + " has shard " + shard + " but " + SHARDS.name() + " is "
                        + shards + ": shards are numbered 0 to " + (shards - 1));
            }
            if (workers.contains(shard)) {
                throw new ConfigException(WORKERS.name() + " names shard " + shard + " twice");
            }
            workers.add(shard);
        }
        return workers;
    }
}
