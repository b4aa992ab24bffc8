package dev.seedloop.launcher.demo;

import java.time.Duration;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The demo's one-line view of the loop. */
final class ProgressLine {

    private ProgressLine() {
    }

    static String render(LoopStats stats, int target, Duration elapsed) {
        return String.format(Locale.ROOT,
                "[%4ds] pool %d | candidates %d | instructions %d (%.0f%%) | examples %d/%d | rejected %s",
                elapsed.toSeconds(), stats.poolSize(), stats.candidates(), stats.instructionsAccepted(),
                100 * RunSummary.ratio(stats.instructionsAccepted(), stats.candidates()), stats.examplesJoined(),
                target, reasons(stats.rejected(), 4));
    }

    /** The most frequent reasons first: "near-duplicate 40, word-count 12, ...". */
    static String reasons(Map<String, Long> rejected, int limit) {
        if (rejected.isEmpty()) {
            return "none";
        }
        String shown = rejected.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()))
                .limit(limit)
                .map(entry -> entry.getKey() + " " + entry.getValue())
                .collect(Collectors.joining(", "));
        return rejected.size() > limit ? shown + ", ..." : shown;
    }
}
