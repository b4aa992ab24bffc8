package dev.seedloop.generator;

/** The generation methods, chosen by {@code generator.method}. */
public enum Method {
    /** Self-Instruct: 8 demonstrations (6 human, 2 machine), "Come up with a series of tasks:". */
    SELF_INSTRUCT("self-instruct"),
    /** Self-Instruct's classification variant: classification demonstrations and prompt. */
    SELF_INSTRUCT_CLASSIFICATION("self-instruct-classification"),
    /** Stanford Alpaca: 3 seed demonstrations, 20 tasks per answer with input and output. */
    ALPACA("alpaca"),
    /** Evol-Instruct (WizardLM): a pool instruction rewritten in depth or in breadth. */
    EVOL_INSTRUCT("evol-instruct");

    private final String label;

    Method(String label) {
        this.label = label;
    }

    /** The name in configuration and provenance. */
    public String label() {
        return label;
    }
}
