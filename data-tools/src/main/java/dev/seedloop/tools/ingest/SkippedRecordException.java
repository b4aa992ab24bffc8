package dev.seedloop.tools.ingest;

/** A record its format leaves out by design (one without a gold label): counted as skipped, not as a reject. */
public final class SkippedRecordException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    SkippedRecordException(String reason) {
        super(reason);
    }
}
