package dev.seedloop.runtime.lifecycle;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A service that is one loop on its own thread: started once, stopped once (closing it asks the loop to end,
 * waits for it, then releases what the loop used), failed when the loop throws.
 */
public abstract class BackgroundLoop implements RunningService {

    private static final Logger LOGGER = LoggerFactory.getLogger(BackgroundLoop.class);
    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(60);

    private final String name;
    private final Thread thread;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean running = true;
    private volatile boolean failed;

    protected BackgroundLoop(String name) {
        this.name = name;
        this.thread = new Thread(this::runLoop, name);
        this.thread.setDaemon(true);
    }

    /** Starts the loop; a second call does nothing. */
    public final void start() {
        if (started.compareAndSet(false, true)) {
            thread.start();
        }
    }

    /** The loop. It should return soon after {@link #running()} turns false. */
    protected abstract void loop() throws Exception;

    /** Makes a loop blocked in a call return: interrupt it, or wake up the client it waits on. */
    protected abstract void wakeUp();

    /** Releases what the loop used, after it ended. */
    protected void release() {
    }

    /** False once the loop has been asked to stop or has failed. */
    protected final boolean running() {
        return running;
    }

    /** The loop ends by itself, successfully (e.g. a fixed amount of work is done). */
    protected final void finish() {
        running = false;
        stopped.countDown();
    }

    /** The loop cannot go on: the service is no longer alive and should be restarted. */
    protected final void fail(String reason, Throwable error) {
        LOGGER.error("{} failed: {}", name, reason, error);
        failed = true;
        running = false;
        stopped.countDown();
    }

    /** Interrupts the loop thread: for loops that wait in sleeps, locks or queues (not in Kafka clients). */
    protected final void interruptLoop() {
        thread.interrupt();
    }

    @Override
    public boolean isAlive() {
        return !failed;
    }

    /** True once the loop finished its work, failed, or was stopped. */
    public boolean ended() {
        return stopped.getCount() == 0;
    }

    @Override
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    @Override
    public final void close() {
        if (closed.getAndSet(true)) {
            return;
        }
        running = false;
        if (started.get()) {
            wakeUp();
            try {
                thread.join(JOIN_TIMEOUT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (thread.isAlive()) {
                LOGGER.warn("{} did not stop within {}", name, JOIN_TIMEOUT);
            }
        }
        release();
        stopped.countDown();
    }

    private void runLoop() {
        try {
            loop();
        } catch (InterruptedException e) {
            if (running) {
                fail("interrupted", e);
            }
        } catch (Exception e) {
            if (running) {
                fail(e.toString(), e);
            } else {
                LOGGER.debug("{} ended while stopping: {}", name, e.toString());
            }
        }
    }
}
