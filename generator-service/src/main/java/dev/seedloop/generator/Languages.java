package dev.seedloop.generator;

import dev.seedloop.llm.Language;
import java.util.Collection;

/** Which prompt language a request uses: the configured one, or the language of the texts it shows. */
public final class Languages {

    private Languages() {
    }

    public static Language choose(LanguageChoice choice, Collection<String> shown) {
        return switch (choice) {
            case EN -> Language.EN;
            case KO -> Language.KO;
            case AUTO -> Language.of(shown);
        };
    }
}
