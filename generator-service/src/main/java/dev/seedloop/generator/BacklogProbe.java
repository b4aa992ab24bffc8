package dev.seedloop.generator;

import dev.seedloop.runtime.kafka.ConsumerLag;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How much work waits downstream: the lag of named consumer groups on named topics. The generator pauses while
 * it is high, so that it never runs far ahead of the stages that judge and answer its candidates.
 */
final class BacklogProbe implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(BacklogProbe.class);

    private final Admin admin;
    private final ConsumerLag lag;
    private final List<ConsumerLag.Watch> watches;
    private final Map<ConsumerLag.Watch, AtomicLong> lags = new HashMap<>();

    BacklogProbe(Admin admin, List<ConsumerLag.Watch> watches, MeterRegistry registry) {
        this.admin = admin;
        this.lag = new ConsumerLag(admin);
        this.watches = List.copyOf(watches);
        for (ConsumerLag.Watch watch : this.watches) {
            AtomicLong value = new AtomicLong();
            lags.put(watch, value);
            Gauge.builder("seedloop.consumer.lag", value, AtomicLong::get).baseUnit("records")
                    .description("Records of the topic not yet committed by the group, as last measured by the "
                            + "generator's backlog check")
                    .tag("group", watch.groupId()).tag("topic", watch.topic()).register(registry);
        }
    }

    /** Records not yet consumed by the watched groups; a group with no commit yet counts the whole topic. */
    long backlog() {
        long total = 0;
        try {
            for (ConsumerLag.Watch watch : watches) {
                long measured = lag.of(watch);
                lags.get(watch).set(measured);
                total += measured;
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
