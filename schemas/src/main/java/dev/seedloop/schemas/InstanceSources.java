package dev.seedloop.schemas;

import dev.seedloop.schemas.avro.InstanceSource;
import dev.seedloop.schemas.avro.Provenance;

/**
 * How an instruction gets its instances, read from its provenance: what its generation method declared, or, for a
 * record written before methods declared it (0.2), what its method did then: Evol-Instruct's and Alpaca's
 * instructions got a direct answer, ingested ones came with theirs, the others were asked for instances.
 */
public final class InstanceSources {

    private InstanceSources() {
    }

    public static InstanceSource of(Provenance provenance) {
        if (provenance == null) {
            return InstanceSource.INSTANCES_ASKED;
        }
        if (provenance.getInstanceSource() != null) {
            return provenance.getInstanceSource();
        }
        String method = provenance.getMethod();
        if (method == null) {
            return InstanceSource.INSTANCES_ASKED;
        }
        if (method.startsWith(Sources.INGEST)) {
            return InstanceSource.WITH_CANDIDATE;
        }
        return method.equals("evol-instruct") || method.equals("alpaca") ? InstanceSource.DIRECT_ANSWER
                : InstanceSource.INSTANCES_ASKED;
    }
}
