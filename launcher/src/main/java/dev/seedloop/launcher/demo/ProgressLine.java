package dev.seedloop.launcher.demo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The demo's one-line view of the loop, fitted to a width: the most important figures first (time, examples
 * against the target, pool, candidates, acceptance), then as many rejection reasons as still fit. A narrow
 * terminal gets a short form; a line never reaches the last column, so the terminal never wraps it.
 */
final class ProgressLine {

    private static final String SEPARATOR = " | ";

    private ProgressLine() {
    }

    /** The line for a terminal {@code width} columns wide (at most {@code width - 1} characters). */
    static String render(LoopStats stats, int target, Duration elapsed, int width) {
        int room = Math.max(20, width) - 1;
        String time = String.format(Locale.ROOT, "[%ds]", elapsed.toSeconds());
        String examples = String.format(Locale.ROOT, "examples %d/%d", stats.examplesJoined(), target);
        if (time.length() + 1 + examples.length() > room) {
            return fit(time + " " + stats.examplesJoined() + "/" + target, room);
        }
        List<String> segments = new ArrayList<>(List.of(time + " " + examples,
                "pool " + stats.poolSize(),
                "candidates " + stats.candidates(),
                String.format(Locale.ROOT, "accepted %d (%.0f%%)", stats.instructionsAccepted(),
                        100 * RunSummary.ratio(stats.instructionsAccepted(), stats.candidates()))));
        StringBuilder line = new StringBuilder(segments.get(0));
        for (String segment : segments.subList(1, segments.size())) {
            if (line.length() + SEPARATOR.length() + segment.length() > room) {
                return line.toString();
            }
            line.append(SEPARATOR).append(segment);
        }
        String rejected = SEPARATOR + "rejected ";
        int left = room - line.length() - rejected.length();
        if (stats.rejected().isEmpty()) {
            return left >= 4 ? line + rejected + "none" : line.toString();
        }
        String reasons = reasons(stats.rejected(), left);
        return reasons.isEmpty() ? line.toString() : line + rejected + reasons;
    }

    /** The most frequent reasons first, "near-duplicate 40, word-count 12, ...", in at most {@code room} characters. */
    static String reasons(Map<String, Long> rejected, int room) {
        if (rejected.isEmpty()) {
            return "none";
        }
        List<String> all = rejected.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()))
                .map(entry -> entry.getKey() + " " + entry.getValue())
                .toList();
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < all.size(); i++) {
            String next = (text.length() == 0 ? "" : ", ") + all.get(i);
            String more = i + 1 < all.size() ? ", ..." : "";
            if (text.length() + next.length() + more.length() > room) {
                return text.length() == 0 ? "" : text + ", ...";
            }
            text.append(next);
        }
        return text.toString();
    }

    /** Every reason, most frequent first: the summary's list. */
    static String allReasons(Map<String, Long> rejected) {
        return rejected.isEmpty() ? "none" : rejected.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()))
                .map(entry -> entry.getKey() + " " + entry.getValue())
                .collect(Collectors.joining(", "));
    }

    private static String fit(String text, int room) {
        return text.length() <= room ? text : text.substring(0, room);
    }
}
