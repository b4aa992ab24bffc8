package dev.seedloop.launcher;

import dev.seedloop.tools.snapshot.ReadProgress;
import java.io.PrintStream;
import java.util.function.Consumer;

/**
 * How a data tool's command shows its progress ({@link ReadProgress}: units done of the total, the rate, the time
 * left), on standard error so that what the command prints stays clean: on a terminal one line redrawn in place
 * four times a second; anywhere else (a pipe, a file, CI) a plain line every 10 seconds. Nothing is shown for a step
 * that takes under a second.
 */
final class ToolProgress implements Consumer<ReadProgress>, AutoCloseable {

    private static final long LIVE_EVERY = 250_000_000L;
    private static final long PLAIN_EVERY = 10_000_000_000L;

    private final String command;
    private final PrintStream out;
    private final boolean live;
    private long lastShown = System.nanoTime();
    private boolean drawn;

    private ToolProgress(String command, PrintStream out, boolean live) {
        this.command = command;
        this.out = out;
        this.live = live;
    }

    /** Progress of {@code command} on standard error, live when the process runs on a terminal. */
    static ToolProgress of(String command) {
        return new ToolProgress(command, System.err, System.console() != null);
    }

    @Override
    public void accept(ReadProgress progress) {
        long now = System.nanoTime();
        if (progress.elapsed().toMillis() < 1000 || now - lastShown < (live ? LIVE_EVERY : PLAIN_EVERY)) {
            return;
        }
        lastShown = now;
        String line = command + ": " + progress.line();
        if (live) {
            out.print("\r" + line + "\u001b[K");
            out.flush();
            drawn = true;
        } else {
            out.println(line);
        }
    }

    /** Ends the live line, if one is drawn, so that what follows starts on its own line. */
    @Override
    public void close() {
        if (drawn) {
            out.print("\r\u001b[K");
            out.flush();
            drawn = false;
        }
    }
}
