package dev.seedloop.llm;

import java.util.Locale;

/**
 * The answer to an equality judgement ("Equal" or "Not Equal", as WizardLM's elimination prompt asks for it): the
 * Evol-Instruct no-information-gain check and the responder's same-task check of the semantic rule's grey zone.
 */
public final class EqualityAnswer {

    private EqualityAnswer() {
    }

    /** "Equal" (and not "Not Equal" or "unequal"); anything else, an empty answer included, is not. */
    public static boolean equal(String answer) {
        String text = answer == null ? "" : answer.strip().toLowerCase(Locale.ROOT);
        return text.startsWith("equal") || (text.contains("equal") && !text.contains("not equal")
                && !text.contains("unequal"));
    }
}
