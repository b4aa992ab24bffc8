package dev.seedloop.launcher;

import java.net.URISyntaxException;
import java.nio.file.Path;
import org.apache.logging.log4j.core.config.Configurator;

/** Where the launcher's logs go: the console for services, a file in the data directory for the demo. */
final class Logging {

    private Logging() {
    }

    /** Sends every log line to {@code file}; only errors still reach the terminal. */
    static void toFile(Path file) {
        System.setProperty("seedloop.log.file", file.toAbsolutePath().toString());
        try {
            Configurator.reconfigure(Logging.class.getResource("/log4j2-demo.xml").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("the demo logging configuration is missing", e);
        }
    }
}
