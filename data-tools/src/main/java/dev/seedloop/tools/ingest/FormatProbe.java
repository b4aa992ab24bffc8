package dev.seedloop.tools.ingest;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Tells early that a file is not in the format it is read as: when the first {@value #RECORDS} records hold not one
 * readable record, reading stops with the first reasons instead of rejecting the whole file record by record.
 */
final class FormatProbe {

    /** How many records with not one readable among them make the format wrong for the file. */
    static final int RECORDS = 20;

    private final Path file;
    private final IngestFormat format;
    private final List<String> firstReasons = new ArrayList<>();
    private long records;
    private long readable;

    FormatProbe(Path file, IngestFormat format) {
        this.file = file;
        this.format = format;
    }

    /** Counts a record that could be read. */
    void readable() {
        records++;
        readable++;
    }

    /**
     * Counts a record that could not be read, and why.
     *
     * @throws Ingest.WrongFormatException once {@value #RECORDS} records came and none could be read
     */
    void unreadable(long line, String reason) {
        records++;
        if (firstReasons.size() < 3) {
            firstReasons.add("line " + line + ": " + reason);
        }
        if (readable == 0 && records >= RECORDS) {
            throw new Ingest.WrongFormatException("the first " + records + " records of " + file + " are not "
                    + format.name() + " records (" + String.join("; ", firstReasons) + "); is --format right?");
        }
    }
}
