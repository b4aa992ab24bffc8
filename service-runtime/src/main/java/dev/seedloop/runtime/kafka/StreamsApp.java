package dev.seedloop.runtime.kafka;

import dev.seedloop.runtime.lifecycle.RunningService;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A running Kafka Streams application with its state exposed as liveness and readiness. */
public final class StreamsApp implements RunningService {

    private static final Logger LOGGER = LoggerFactory.getLogger(StreamsApp.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final String name;
    private final KafkaStreams streams;
    private final KafkaStreamsMetrics metrics;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean failed;

    private StreamsApp(String name, KafkaStreams streams, KafkaStreamsMetrics metrics) {
        this.name = name;
        this.streams = streams;
        this.metrics = metrics;
    }

    /** Starts {@code topology}; a fatal error stops the application and marks it not alive. */
    public static StreamsApp start(String name, Topology topology, Properties properties, MeterRegistry registry) {
        LOGGER.info("{} topology:\n{}", name, topology.describe());
        KafkaStreams streams = new KafkaStreams(topology, properties);
        KafkaStreamsMetrics metrics = new KafkaStreamsMetrics(streams);
        metrics.bindTo(registry);
        StreamsApp app = new StreamsApp(name, streams, metrics);
        streams.setStateListener((next, previous) -> {
            LOGGER.info("{} state {} -> {}", name, previous, next);
            if (next == KafkaStreams.State.ERROR) {
                app.failed = true;
            }
            if (next == KafkaStreams.State.NOT_RUNNING || next == KafkaStreams.State.ERROR) {
                app.stopped.countDown();
            }
        });
        streams.setUncaughtExceptionHandler(error -> {
            LOGGER.error("{} failed; stopping so that it can be restarted", name, error);
            app.failed = true;
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        streams.start();
        return app;
    }

    public KafkaStreams streams() {
        return streams;
    }

    /** Waits until the application is RUNNING; false when it did not get there within {@code timeout}. */
    public boolean awaitRunning(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            KafkaStreams.State state = streams.state();
            if (state == KafkaStreams.State.RUNNING) {
                return true;
            }
            if (state == KafkaStreams.State.ERROR || state == KafkaStreams.State.NOT_RUNNING) {
                return false;
            }
            Thread.sleep(50);
        }
        return false;
    }

    @Override
    public boolean isAlive() {
        return !failed;
    }

    @Override
    public boolean isReady() {
        return streams.state() == KafkaStreams.State.RUNNING;
    }

    @Override
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    /** Waits up to {@code timeout} for the application to stop by itself. */
    public boolean awaitStop(Duration timeout) throws InterruptedException {
        return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        // Leave the group: a restarted or replacing instance gets the tasks at once, not after a session timeout.
        boolean clean = streams.close(CloseOptions.timeout(CLOSE_TIMEOUT)
                .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
        metrics.close();
        stopped.countDown();
        if (!clean) {
            LOGGER.warn("{} did not stop within {}", name, CLOSE_TIMEOUT);
        }
    }
}
