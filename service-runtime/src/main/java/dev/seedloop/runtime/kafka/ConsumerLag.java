package dev.seedloop.runtime.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * Records of a topic that a consumer group has not committed yet, measured against the last stable offset (what a
 * read-committed reader can see): a record in a transaction still open is not counted downstream, while the input
 * it came from is still uncommitted upstream, so summing the lags of consecutive stages counts every record once or
 * more, never not at all.
 */
public final class ConsumerLag {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final Admin admin;

    public ConsumerLag(Admin admin) {
        this.admin = admin;
    }

    /** A consumer group and the topic whose lag counts. */
    public record Watch(String groupId, String topic, List<String> alsoGroups) {

        public Watch(String groupId, String topic) {
            this(groupId, topic, List.of());
        }

        public Watch {
            alsoGroups = List.copyOf(alsoGroups);
        }

        /**
         * The filter's candidates: read by its Kafka Streams application ({@code applicationId}), or by the sharded
         * judge's sequencer when the judge is split; whichever has read further counts.
         */
        public static Watch candidatesOf(String applicationId, String topic) {
            return new Watch(applicationId, topic, List.of(sequencerGroup(applicationId)));
        }

        /** The consumer group of the sharded judge's sequencer of the filter {@code applicationId}. */
        public static String sequencerGroup(String applicationId) {
            return applicationId + "-sequencer";
        }
    }

    /**
     * The lag of {@code watch}: the smallest of its groups'; a group with no commit yet has the whole topic to read.
     */
    public long of(Watch watch) throws InterruptedException, ExecutionException, TimeoutException {
        long lag = of(watch.groupId(), watch.topic());
        for (String group : watch.alsoGroups()) {
            lag = Math.min(lag, of(group, watch.topic()));
        }
        return lag;
    }

    private long of(String groupId, String topic) throws InterruptedException, ExecutionException, TimeoutException {
        Watch watch = new Watch(groupId, topic);
        List<TopicPartition> partitions = admin.describeTopics(List.of(watch.topic())).allTopicNames()
                .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(watch.topic()).partitions().stream()
                .map(p -> new TopicPartition(watch.topic(), p.partition())).toList();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        partitions.forEach(partition -> latest.put(partition, OffsetSpec.latest()));
        var ends = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all()
                .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(watch.groupId())
                .partitionsToOffsetAndMetadata().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        long lag = 0;
        for (TopicPartition partition : partitions) {
            OffsetAndMetadata offset = committed.get(partition);
            lag += Math.max(0, ends.get(partition).offset() - (offset == null ? 0 : offset.offset()));
        }
        return lag;
    }
}
