package dev.seedloop.tools.replay;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A replay compared with the live loop over the same candidates.
 *
 * @param candidates          candidates both sides judged: what the comparison covers
 * @param notJudgedLive       candidates the replay judged that the running live loop had not judged yet
 * @param changedVerdicts     candidates accepted by one side and rejected by the other
 * @param withoutResponse     instructions the replay accepts that the live loop never asked the LLM about
 */
public record ReplayReport(String tag, String rulesVersion, int candidates, long notJudgedLive, Side live,
        Side replay,
        int changedVerdicts, long newlyAccepted, long withoutResponse, List<String> topics, Duration elapsed,
        Optional<Promotion> promotion) {

    /** The verdicts of one side for the candidates in range. */
    public record Side(Set<String> acceptedCandidates, Set<String> acceptedInstructions, int examples,
            Map<String, Long> rejectedByReason) {

        public int instructions() {
            return acceptedCandidates.size();
        }
    }

    /**
     * What --promote wrote to the live pool.
     *
     * @param inFlight instructions the replay rejected that the live loop is still answering: they may join later
     */
    public record Promotion(int added, int removed, long inFlight) {

        String describe(String pool) {
            String text = String.format(Locale.ROOT, "  promoted      %d entries written to %s, %d removed "
                    + "(tombstones)", added, pool, removed);
            return inFlight == 0 ? text : text + String.format(Locale.ROOT, "%n  note          %d instructions the "
                    + "replay rejected are still being answered by the live loop and will join the pool when they "
                    + "are; finish that work first (seedloop demo --drain --examples 0) and promote again to remove "
                    + "them too", inFlight);
        }
    }

    ReplayReport withPromotion(Promotion done) {
        return new ReplayReport(tag, rulesVersion, candidates, notJudgedLive, live, replay, changedVerdicts,
                newlyAccepted,
                withoutResponse, topics, elapsed, Optional.of(done));
    }

    /** The comparison as a table for the terminal. */
    public String describe() {
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "replay '%s' of %d candidates under rules %s, in %.1f s%n", tag,
                candidates, rulesVersion, elapsed.toMillis() / 1000.0));
        text.append(String.format(Locale.ROOT, "  %-28s %8s %8s%n", "", "live", "replay"));
        text.append(row("instructions accepted", live.instructions(), replay.instructions()));
        text.append(row("examples accepted", live.examples(), replay.examples()));
        Set<String> reasons = new TreeSet<>(live.rejectedByReason().keySet());
        reasons.addAll(replay.rejectedByReason().keySet());
        for (String reason : reasons) {
            text.append(row("rejected: " + reason, live.rejectedByReason().getOrDefault(reason, 0L),
                    replay.rejectedByReason().getOrDefault(reason, 0L)));
        }
        text.append(String.format(Locale.ROOT, "  changed verdicts: %d (%d newly accepted, %d newly rejected)%n",
                changedVerdicts, newlyAccepted, changedVerdicts - newlyAccepted));
        if (notJudgedLive > 0) {
            text.append(String.format(Locale.ROOT, "  %d candidates the live loop had not judged yet are left out "
                    + "of the comparison%n", notJudgedLive));
        }
        if (withoutResponse > 0) {
            text.append(String.format(Locale.ROOT, "  %d accepted instructions never had a response in the live "
                    + "loop (rejected there, or not answered yet): the replay has no example for them%n", withoutResponse));
        }
        text.append("  topics: ").append(String.join(", ", topics));
        return text.toString();
    }

    private static String row(String label, long live, long replay) {
        return String.format(Locale.ROOT, "  %-28s %8d %8d%n", label, live, replay);
    }
}
