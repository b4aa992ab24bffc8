package dev.seedloop.filter;

import dev.seedloop.schemas.avro.AcceptedInstruction;
import dev.seedloop.schemas.avro.Example;
import dev.seedloop.schemas.avro.Rejection;

/** The outcome of judging one record; every judged record yields at least one. */
public sealed interface Verdict {

    record AcceptedCandidate(AcceptedInstruction instruction) implements Verdict {
    }

    record AcceptedExample(Example example) implements Verdict {
    }

    record Rejected(Rejection rejection) implements Verdict {
    }
}
