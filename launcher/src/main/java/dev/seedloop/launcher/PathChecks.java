package dev.seedloop.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The one policy for paths on the command line, so that every command answers a mistake the same way, in one
 * line, before it starts: an input must be a readable file; an output goes into a folder that exists (folders are
 * never created for it: a mistyped path should not leave folders behind) and is a file, never a folder; a data
 * directory is created when it is new.
 */
final class PathChecks {

    private PathChecks() {
    }

    /** What is wrong with {@code path} as the input file of {@code option}, if anything. */
    static Optional<String> input(String option, Path path) {
        if (Files.isDirectory(path)) {
            return Optional.of(option + " " + path + " is a folder; name a file");
        }
        if (!Files.exists(path)) {
            return Optional.of(option + " " + path + " does not exist");
        }
        if (!Files.isReadable(path)) {
            return Optional.of(option + " " + path + " cannot be read (permission denied)");
        }
        return Optional.empty();
    }

    /** What is wrong with {@code path} as the output file of {@code option}, if anything. */
    static Optional<String> output(String option, Path path) {
        if (Files.isDirectory(path)) {
            return Optional.of(option + " " + path + " is a folder; name a file in it");
        }
        Path folder = path.toAbsolutePath().normalize().getParent();
        if (folder != null && !Files.isDirectory(folder)) {
            return Optional.of("the folder " + folder + " of " + option + " does not exist; create it first, or "
                    + "name a file in a folder that exists");
        }
        if (folder != null && !Files.isWritable(folder)) {
            return Optional.of(option + " " + path + " cannot be written: the folder " + folder
                    + " is not writable");
        }
        if (Files.exists(path) && !Files.isWritable(path)) {
            return Optional.of(option + " " + path + " cannot be written (permission denied)");
        }
        return Optional.empty();
    }

    /** What is wrong with {@code dir} as a data directory, if anything; a new one is created. */
    static Optional<String> dataDirectory(Path dir) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            return Optional.of("--data-dir " + dir + " is a file, not a folder");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            return Optional.of("cannot create --data-dir " + dir + ": " + ErrorMessages.oneLine(e));
        }
        if (!Files.isWritable(dir)) {
            return Optional.of("--data-dir " + dir + " is not writable");
        }
        return Optional.empty();
    }
}
