package dev.seedloop.runtime.lifecycle;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Several parts that run as one service: alive while every part is, ready while every part is, stopped when any
 * part stops (so that a failed part restarts the whole process), and closed in reverse start order.
 */
public final class ServiceGroup implements RunningService {

    private static final Logger LOGGER = LoggerFactory.getLogger(ServiceGroup.class);

    private final List<RunningService> parts;
    private final StopSequence stops;
    private final CountDownLatch stopped = new CountDownLatch(1);

    /** The group of {@code parts}, already started, in start order. */
    public ServiceGroup(String name, List<? extends RunningService> parts) {
        this.parts = List.copyOf(parts);
        this.stops = new StopSequence(name);
        for (int i = 0; i < this.parts.size(); i++) {
            RunningService part = this.parts.get(i);
            stops.add(name + " part " + i, part);
            Thread watcher = new Thread(() -> {
                try {
                    part.awaitStop();
                    stopped.countDown();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, name + "-watch-" + i);
            watcher.setDaemon(true);
            watcher.start();
        }
    }

    @Override
    public boolean isAlive() {
        return parts.stream().allMatch(RunningService::isAlive);
    }

    @Override
    public boolean isReady() {
        return parts.stream().allMatch(RunningService::isReady);
    }

    @Override
    public void awaitStop() throws InterruptedException {
        stopped.await();
        LOGGER.debug("a part stopped");
    }

    @Override
    public void close() {
        stops.close();
        stopped.countDown();
    }
}
