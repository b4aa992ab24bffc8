package dev.seedloop.filter.dedup;

import java.lang.Character.UnicodeScript;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits text into ROUGE tokens. Lower-cases; a token is a maximal run of letters, combining marks and decimal
 * digits, except that each character of a script written without spaces (Han, Hiragana, Katakana, Thai, Lao,
 * Khmer, Myanmar) is a token of its own. On ASCII text this is exactly rouge_score's default tokenizer
 * ({@code [^a-z0-9]+} as separators); unlike it, Korean, Chinese and Japanese text yields tokens at all.
 */
public final class RougeTokenizer {

    private RougeTokenizer() {
    }

    public static List<String> tokenize(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        List<String> tokens = new ArrayList<>();
        int runStart = -1;
        int i = 0;
        while (i < lower.length()) {
            int codePoint = lower.codePointAt(i);
            int width = Character.charCount(codePoint);
            if (isSingleCharacterScript(codePoint)) {
                if (runStart >= 0) {
                    tokens.add(lower.substring(runStart, i));
                    runStart = -1;
                }
                tokens.add(lower.substring(i, i + width));
            } else if (isWordCharacter(codePoint)) {
                if (runStart < 0) {
                    runStart = i;
                }
            } else if (runStart >= 0) {
                tokens.add(lower.substring(runStart, i));
                runStart = -1;
            }
            i += width;
        }
        if (runStart >= 0) {
            tokens.add(lower.substring(runStart));
        }
        return tokens;
    }

    /** True for a letter, a combining mark or a decimal digit: what a token is made of. */
    public static boolean isWordCharacter(int codePoint) {
        if (codePoint < 0x80) {
            return (codePoint >= 'a' && codePoint <= 'z') || (codePoint >= '0' && codePoint <= '9')
                    || (codePoint >= 'A' && codePoint <= 'Z');
        }
        int type = Character.getType(codePoint);
        return Character.isLetter(codePoint)
                || type == Character.DECIMAL_DIGIT_NUMBER
                || type == Character.NON_SPACING_MARK
                || type == Character.COMBINING_SPACING_MARK
                || type == Character.ENCLOSING_MARK;
    }

    /** True for a character of a script written without spaces: each is a token (and a word) of its own. */
    public static boolean isSingleCharacterScript(int codePoint) {
        if (codePoint < 0x0E00) {
            return false;
        }
        UnicodeScript script = UnicodeScript.of(codePoint);
        return script == UnicodeScript.HAN
                || script == UnicodeScript.HIRAGANA
                || script == UnicodeScript.KATAKANA
                || script == UnicodeScript.THAI
                || script == UnicodeScript.LAO
                || script == UnicodeScript.KHMER
                || script == UnicodeScript.MYANMAR;
    }
}
