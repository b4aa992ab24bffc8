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
    public record Watch(String groupId, String topic) {
    }

    /** The lag of {@code watch}; a group with no commit yet has the whole topic to read. */
    public long of(Watch watch) throws InterruptedException, ExecutionException, TimeoutException {
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
