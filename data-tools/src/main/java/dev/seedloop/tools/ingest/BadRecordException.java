package dev.seedloop.tools.ingest;

/** A record that is not what its format says: the message is the reason given in the rejects file. */
public final class BadRecordException extends RuntimeException {

    public BadRecordException(String reason) {
        super(reason);
    }
}
