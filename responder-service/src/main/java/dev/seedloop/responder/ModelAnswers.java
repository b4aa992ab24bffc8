package dev.seedloop.responder;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Short answers the responder asks for: yes/no, and a judge's rating. */
final class ModelAnswers {

    private static final Pattern NUMBER = Pattern.compile("(?<![\\d.])(\\d+(?:\\.\\d+)?)");

    private ModelAnswers() {
    }

    /** Self-Instruct's reading of "Is it classification?": the answer starts with "yes" (any case). */
    static boolean isYes(String answer) {
        String text = answer == null ? "" : answer.strip().toLowerCase(Locale.ROOT);
        return text.startsWith("yes") || text.startsWith("예") || text.startsWith("네");
    }

    /**
     * A rating from 0 to 5 and its explanation: the first number on the first non-empty line ("4", "Score: 4.5",
     * "4/5"), the rest of the text as the reason. Empty when there is no such number.
     */
    static Optional<Rating> rating(String answer) {
        String text = answer == null ? "" : answer.strip();
        if (text.isEmpty()) {
            return Optional.empty();
        }
        int newline = text.indexOf('\n');
        String first = newline < 0 ? text : text.substring(0, newline);
        Matcher matcher = NUMBER.matcher(first);
        if (!matcher.find()) {
            return Optional.empty();
        }
        double score = Double.parseDouble(matcher.group(1));
        if (score < 0 || score > 5) {
            return Optional.empty();
        }
        String reason = newline < 0 ? "" : text.substring(newline + 1).strip();
        return Optional.of(new Rating(score, reason));
    }

    record Rating(double score, String reason) {
    }
}
