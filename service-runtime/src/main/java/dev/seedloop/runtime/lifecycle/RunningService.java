package dev.seedloop.runtime.lifecycle;

/** A started service: probed for liveness and readiness, and stopped by closing it. */
public interface RunningService extends AutoCloseable {

    /** False once the service has failed for good and should be restarted. */
    boolean isAlive();

    /** True while the service does its work (consumers assigned, Streams running). */
    boolean isReady();

    /** Blocks until the service stops: closed, finished, or failed. */
    void awaitStop() throws InterruptedException;

    @Override
    void close();
}
