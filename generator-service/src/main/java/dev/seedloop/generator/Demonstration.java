package dev.seedloop.generator;

/**
 * A pool instruction shown to the model: as an in-context demonstration, or as the parent of an evolution. The
 * input and output are those of its first instance (empty when it has none); the vector is its pool record's
 * (null when it has none), which the spreading sampler reads.
 */
public record Demonstration(String id, String instruction, String input, String output, boolean classification,
        float[] vector) {

    public Demonstration(String id, String instruction, String input, String output, boolean classification) {
        this(id, instruction, input, output, classification, null);
    }

    public static Demonstration of(String id, String instruction) {
        return new Demonstration(id, instruction, "", "", false);
    }

    /** The instruction with its input below it, as one prompt (how Evol-Instruct sees an Alpaca task). */
    public String withInput() {
        return input.isBlank() ? instruction : instruction + "\n\n" + input;
    }
}
