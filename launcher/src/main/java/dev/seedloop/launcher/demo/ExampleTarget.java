package dev.seedloop.launcher.demo;

import dev.seedloop.generator.GenerationTarget;
import dev.seedloop.runtime.kafka.ConsumerLag;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's {@code --examples N} as the generator sees it: room for N, less the examples that joined the pool
 * during the run, less every record still on its way (a candidate, an accepted instruction, a response, an
 * accepted example each become one example at most). On their way means not yet committed by the stage that reads
 * them; the stages' lags are read upstream first, then the pool's end, and the monitor must have read the pool up to
 * that end before its count of joined examples is used: a record that moves on between two reads is counted twice,
 * never missed, so the run never overshoots its target.
 */
final class ExampleTarget implements GenerationTarget, AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(ExampleTarget.class);
    private static final Duration MONITOR_WAIT = Duration.ofSeconds(2);

    private final long examples;
    private final LoopMonitor monitor;
    private final Admin admin;
    private final ConsumerLag lag;
    private final List<ConsumerLag.Watch> stages;
    private final TopicPartition pool;

    /**
     * @param stages every stage's consumer group and input topic, upstream first
     */
    ExampleTarget(long examples, LoopMonitor monitor, Admin admin, List<ConsumerLag.Watch> stages, String poolTopic) {
        this.examples = examples;
        this.monitor = monitor;
        this.admin = admin;
        this.lag = new ConsumerLag(admin);
        this.stages = List.copyOf(stages);
        this.pool = new TopicPartition(poolTopic, 0);
    }

    @Override
    public long room() {
        try {
            long onTheirWay = 0;
            for (ConsumerLag.Watch stage : stages) {
                onTheirWay += lag.of(stage);
            }
            long poolEnd = admin.listOffsets(Map.of(pool, OffsetSpec.latest()), new ListOffsetsOptions(
                    IsolationLevel.READ_COMMITTED)).all().get(10, TimeUnit.SECONDS).get(pool).offset();
            if (!monitor.awaitPosition(pool, poolEnd, MONITOR_WAIT)) {
                return 0;
            }
            return Math.max(0, examples - monitor.stats().examplesJoined() - onTheirWay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        } catch (Exception e) {
            // No room until the next measure succeeds: a run may pause, never overshoot
            LOGGER.warn("cannot measure the work on its way: {}", e.toString());
            return 0;
        }
    }

    @Override
    public void close() {
        admin.close();
    }
}
