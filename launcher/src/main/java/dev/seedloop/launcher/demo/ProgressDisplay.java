package dev.seedloop.launcher.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * Where the demo shows its progress: on a terminal, one line redrawn in place and fitted to the terminal's width
 * as it is now (JLine reads it, and follows resizes); anywhere else (a pipe, a file, CI), a plain line every few
 * seconds.
 */
final class ProgressDisplay implements AutoCloseable {

    /** How often a line is printed when the output is not a terminal. */
    static final Duration PLAIN_EVERY = Duration.ofSeconds(5);
    private static final int FALLBACK_WIDTH = 80;

    private final PrintStream out;
    private final Terminal terminal;
    private long lastPlain;
    private boolean drawn;

    private ProgressDisplay(PrintStream out, Terminal terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    /** A display on {@code out}: live when the process writes to a terminal. */
    static ProgressDisplay on(PrintStream out) {
        if (System.console() == null) {
            return new ProgressDisplay(out, null);
        }
        try {
            return new ProgressDisplay(out, TerminalBuilder.builder().system(true).dumb(true).build());
        } catch (IOException | RuntimeException e) {
            return new ProgressDisplay(out, null);
        }
    }

    boolean live() {
        return terminal != null;
    }

    /** Shows the loop now: redrawn on a terminal, printed when a plain line is due elsewhere. */
    void show(LoopStats stats, int target, Duration elapsed) {
        if (live()) {
            out.print("\r" + ProgressLine.render(stats, target, elapsed, width()) + "\u001b[K");
            out.flush();
            drawn = true;
        } else if (System.nanoTime() - lastPlain > PLAIN_EVERY.toNanos()) {
            out.println(ProgressLine.render(stats, target, elapsed, Integer.MAX_VALUE));
            lastPlain = System.nanoTime();
        }
    }

    /** Shows the last state whatever the time, and ends the live line so that what follows starts on its own. */
    void finish(LoopStats stats, int target, Duration elapsed) {
        if (live()) {
            show(stats, target, elapsed);
        } else {
            out.println(ProgressLine.render(stats, target, elapsed, Integer.MAX_VALUE));
        }
        endLine();
    }

    /** Ends the live line, if one is drawn, before other output. */
    void endLine() {
        if (drawn) {
            out.println();
            drawn = false;
        }
    }

    private int width() {
        int width = terminal.getWidth();
        return width > 0 ? width : FALLBACK_WIDTH;
    }

    @Override
    public void close() {
        if (terminal != null) {
            try {
                terminal.close();
            } catch (IOException ignored) {
                // the terminal's settings were never changed: nothing to restore
            }
        }
    }
}
