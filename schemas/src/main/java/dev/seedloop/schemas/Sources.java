package dev.seedloop.schemas;

import dev.seedloop.schemas.avro.Provenance;
import dev.seedloop.schemas.avro.Source;

/**
 * Who wrote a record, read from its provenance: ingested records carry {@code ingest:<format>} as their method,
 * so human data that went through the filter ({@code seedloop ingest --filter}) enters the pool as human data.
 */
public final class Sources {

    /** The method prefix of every ingested record. */
    public static final String INGEST = "ingest:";

    private Sources() {
    }

    public static Source of(Provenance provenance) {
        String method = provenance == null ? null : provenance.getMethod();
        if (method == null || !method.startsWith(INGEST)) {
            return Source.MACHINE;
        }
        String format = method.substring(INGEST.length());
        if (format.equals("self-instruct")) {
            return Source.HUMAN_SEED;
        }
        return format.equals("benchmark") ? Source.BENCHMARK_TEMPLATE : Source.HUMAN_DATASET;
    }
}
