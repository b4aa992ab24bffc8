package dev.seedloop.runtime.lifecycle;

import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a service started, in start order; closing stops each part in reverse order, logs every step and keeps
 * going past a part that fails to stop.
 */
public final class StopSequence implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(StopSequence.class);

    private final String owner;
    private final Deque<Part> parts = new ArrayDeque<>();
    private boolean closed;

    public StopSequence(String owner) {
        this.owner = owner;
    }

    /** Registers {@code resource} to be closed after everything registered later. */
    public synchronized <T extends AutoCloseable> T add(String name, T resource) {
        if (closed) {
            throw new IllegalStateException(owner + " is already stopping");
        }
        parts.push(new Part(name, resource));
        return resource;
    }

    /** Runs {@link #close()} from a JVM shutdown hook named after the owner. */
    public void closeOnShutdown() {
        Runtime.getRuntime().addShutdownHook(new Thread(this::close, owner + "-shutdown"));
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        while (true) {
            Part part;
            synchronized (this) {
                part = parts.poll();
            }
            if (part == null) {
                break;
            }
            long started = System.nanoTime();
            try {
                part.resource().close();
                LOGGER.info("{}: stopped {} in {} ms", owner, part.name(), (System.nanoTime() - started) / 1_000_000);
            } catch (Exception e) {
                LOGGER.error("{}: failed to stop {}", owner, part.name(), e);
            }
        }
    }

    private record Part(String name, AutoCloseable resource) {
    }
}
