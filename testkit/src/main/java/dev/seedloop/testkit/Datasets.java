package dev.seedloop.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Small samples of public datasets in their published formats, shipped with the test kit under {@code /datasets}
 * (their licences in {@code datasets/LICENSES.md}), as files: ingest reads paths.
 */
public final class Datasets {

    private Datasets() {
    }

    /** The sample {@code name} as a file: itself when the test kit is a folder, else a temporary copy. */
    public static Path file(String name) {
        URL resource = Datasets.class.getResource("/datasets/" + name);
        if (resource == null) {
            throw new IllegalArgumentException("no dataset sample " + name + " in the test kit");
        }
        try {
            if (resource.getProtocol().equals("file")) {
                return Path.of(resource.toURI());
            }
            Path copy = Files.createTempDirectory("seedloop-dataset").resolve(name);
            try (InputStream in = resource.openStream()) {
                Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
            }
            // Deleted at exit in the reverse order of these calls: the file, then its folder
            copy.getParent().toFile().deleteOnExit();
            copy.toFile().deleteOnExit();
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
