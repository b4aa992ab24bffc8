package dev.seedloop.generator;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How much work waits downstream: the lag of named consumer groups on named topics. The generator pauses while
 * it is high, so that it never runs far ahead of the stages that judge and answer its candidates.
 */
final class BacklogProbe implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(BacklogProbe.class);

    /** A consumer group and the topic whose lag counts. */
    record Watch(String groupId, String topic) {
    }

    private final Admin admin;
    private final List<Watch> watches;
    private final Map<Watch, AtomicLong> lags = new HashMap<>();

    BacklogProbe(Admin admin, List<Watch> watches, MeterRegistry registry) {
        this.admin = admin;
        this.watches = List.copyOf(watches);
        for (Watch watch : this.watches) {
            AtomicLong lag = new AtomicLong();
            lags.put(watch, lag);
            Gauge.builder("seedloop.consumer.lag", lag, AtomicLong::get).baseUnit("records")
                    .description("Records of the topic not yet committed by the group, as last measured by the "
                            + "generator's backlog check")
                    .tag("group", watch.groupId()).tag("topic", watch.topic()).register(registry);
        }
    }

    /** Records not yet consumed by the watched groups; a group with no commit yet counts the whole topic. */
    long backlog() {
        long total = 0;
        try {
            for (Watch watch : watches) {
                long lag = 0;
                List<TopicPartition> partitions = admin.describeTopics(List.of(watch.topic())).allTopicNames()
                        .get(10, TimeUnit.SECONDS).get(watch.topic()).partitions().stream()
                        .map(p -> new TopicPartition(watch.topic(), p.partition())).toList();
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                partitions.forEach(partition -> latest.put(partition, OffsetSpec.latest()));
                var ends = admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS);
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(watch.groupId())
                        .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
                for (TopicPartition partition : partitions) {
                    OffsetAndMetadata offset = committed.get(partition);
                    long end = ends.get(partition).offset();
                    lag += Math.max(0, end - (offset == null ? 0 : offset.offset()));
                }
                lags.get(watch).set(lag);
                total += lag;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOGGER.warn("cannot measure the downstream backlog: {}", e.toString());
            return 0;
        }
        return total;
    }

    @Override
    public void close() {
        admin.close();
    }
}
