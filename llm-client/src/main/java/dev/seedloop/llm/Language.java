package dev.seedloop.llm;

import java.util.Collection;
import java.util.Locale;

/**
 * The languages seedloop has prompts in, and which one a text is written in: prompts follow the pool's language,
 * so a Korean pool grows in Korean.
 */
public enum Language {
    EN,
    KO;

    /** The language of most of the letters in {@code texts}: Korean when Hangul outweighs other letters. */
    public static Language of(Collection<String> texts) {
        long hangul = 0;
        long letters = 0;
        for (String text : texts) {
            for (int i = 0; i < text.length(); ) {
                int codePoint = text.codePointAt(i);
                if (Character.isLetter(codePoint)) {
                    letters++;
                    if (Character.UnicodeScript.of(codePoint) == Character.UnicodeScript.HANGUL) {
                        hangul++;
                    }
                }
                i += Character.charCount(codePoint);
            }
        }
        return letters > 0 && hangul * 2 > letters ? KO : EN;
    }

    /** The code used in resource paths and provenance: en, ko. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
