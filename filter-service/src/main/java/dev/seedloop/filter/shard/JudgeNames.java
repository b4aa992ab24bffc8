package dev.seedloop.filter.shard;

import dev.seedloop.runtime.kafka.ConsumerLag;

/**
 * The Kafka names the sharded judge's processes go by, derived from the filter's application id: fixed, so that a
 * second copy of a shard or of the sequencer fences the first instead of deciding beside it.
 */
final class JudgeNames {

    /**
     * How long a fetch of the shards and the sequencer waits on the broker for records: they wait on each other, so a
     * short wait is a short round trip (a read-committed fetch may otherwise wait out the default 500 ms).
     */
    static final int FETCH_WAIT_MS = 5;

    private JudgeNames() {
    }

    static String sequencerGroup(String applicationId) {
        return ConsumerLag.Watch.sequencerGroup(applicationId);
    }

    static String sequencerTransactions(String applicationId) {
        return applicationId + "-sequencer";
    }

    static String shardGroup(String applicationId, int shard) {
        return applicationId + "-shard-" + shard;
    }

    static String shardTransactions(String applicationId, int shard) {
        return applicationId + "-shard-" + shard;
    }
}
