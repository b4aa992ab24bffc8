package dev.seedloop.filter;

import dev.seedloop.filter.dedup.NearDuplicateIndex;
import dev.seedloop.filter.dedup.PoolIds;
import dev.seedloop.filter.dedup.RougeTokenizer;
import dev.seedloop.filter.rule.Violation;
import dev.seedloop.schemas.InstructionId;
import java.util.List;
import java.util.Optional;

/**
 * The instruction filter's decision, independent of where the pool is kept: text rules first, then exact
 * duplicate (same normalised text), then near-duplicate (ROUGE-L F above the threshold against any pool
 * instruction). The same code judges the Kafka Streams topology and offline files.
 */
public final class PoolJudge {

    private final FilterRules rules;
    private final PoolIds ids = new PoolIds();
    private final NearDuplicateIndex index;
    private final NearDuplicateIndex.Searcher ownSearcher;
    private int entries;

    /**
     * A judge with an empty pool. Its index finds the exact highest ROUGE-L whenever it is above the rules' score
     * floor (at most the threshold; lower means more exact scores for reporting, and more work).
     */
    public PoolJudge(FilterRules rules) {
        this.rules = rules;
        double floor = rules.scoreFloor();
        this.index = floor < 1.0 ? new NearDuplicateIndex(floor) : null;
        this.ownSearcher = index == null ? null : index.searcher();
    }

    /** The verdict for {@code instruction} against the pool as it stands; the pool does not change. */
    public Judgement judge(String instruction) {
        return judge(Text.of(instruction));
    }

    Judgement judge(Text text) {
        return judge(text, ownSearcher);
    }

    /** A searcher for judging from another thread while the pool does not change. */
    NearDuplicateIndex.Searcher searcher() {
        return index == null ? null : index.searcher();
    }

    /** As {@link #judge(String)}, searching with {@code searcher}. */
    Judgement judge(Text text, NearDuplicateIndex.Searcher searcher) {
        String id = text.id();
        Optional<Violation> violation = rules.checkInstruction(text.instruction());
        if (violation.isPresent()) {
            return new Judgement.Fail(id, violation.get(), -1);
        }
        if (rules.exactDuplicate()) {
            int existing = ids.get(id);
            if (existing >= 0) {
                return new Judgement.Fail(id, Violation.measured(FilterRules.EXACT_DUPLICATE,
                        "same normalised text as pool entry " + id, 1.0, 1.0), existing);
            }
        }
        if (index == null) {
            return new Judgement.Pass(id, 0.0, -1);
        }
        NearDuplicateIndex.Match match = searcher.best(text.tokens());
        if (rules.nearDuplicateThreshold().isPresent() && match.found()
                && match.score() > rules.nearDuplicateThreshold().getAsDouble()) {
            double threshold = rules.nearDuplicateThreshold().getAsDouble();
            return new Judgement.Fail(id, Violation.measured(FilterRules.NEAR_DUPLICATE, "ROUGE-L F " + match.score()
                    + " > " + threshold + " against pool entry " + ids.idOf(match.entry()), match.score(), threshold),
                    match.entry());
        }
        return new Judgement.Pass(id, match.score(), match.entry());
    }

    /** Adds {@code instruction} to the pool (a no-op when its id is there already); returns its entry. */
    public int admit(String instruction) {
        return admit(Text.of(instruction));
    }

    int admit(Text text) {
        int existing = ids.get(text.id());
        if (existing >= 0) {
            return existing;
        }
        int entry = index == null ? entries++ : index.add(text.tokens());
        ids.put(text.id(), entry);
        return entry;
    }

    /** The entry of pool id {@code id}, or -1. */
    int entryOf(String id) {
        return ids.get(id);
    }

    /** The number the next admitted instruction will get. */
    int nextEntry() {
        return index == null ? entries : index.nextEntry();
    }

    /** The best match among entries numbered {@code minEntry} or more, on this judge's own searcher. */
    NearDuplicateIndex.Match bestSince(Text text, int minEntry) {
        return index == null ? new NearDuplicateIndex.Match(-1, 0.0) : ownSearcher.best(text.tokens(), minEntry);
    }

    /** Removes the instruction with pool id {@code id}; false when it is not in the pool. */
    public boolean remove(String id) {
        int entry = ids.remove(id);
        if (entry < 0) {
            return false;
        }
        if (index != null) {
            index.remove(entry);
        }
        return true;
    }

    public FilterRules rules() {
        return rules;
    }

    /** The floor above which near-duplicate scores are exact; 1 when near-duplicates are not checked. */
    double scoreFloor() {
        return index == null ? 1.0 : index.floor();
    }

    public boolean contains(String id) {
        return ids.get(id) >= 0;
    }

    /** The pool id of an entry number a judgement named. */
    public String idOf(int entry) {
        return ids.idOf(entry);
    }

    public int size() {
        return ids.size();
    }

    /** Many admissions at once (a restart): the index is built once at the end. */
    public void beginBulkLoad() {
        if (index != null) {
            index.beginBulkLoad();
        }
    }

    public void endBulkLoad() {
        if (index != null) {
            index.endBulkLoad();
        }
    }

    /** An instruction with its pool id and ROUGE tokens, each computed once. */
    record Text(String instruction, String id, List<String> tokens) {

        static Text of(String instruction) {
            return new Text(instruction, InstructionId.of(instruction), RougeTokenizer.tokenize(instruction));
        }
    }

    /** A verdict on one instruction. */
    public sealed interface Judgement {

        /** The instruction's pool id. */
        String id();

        /**
         * Passed every check.
         *
         * @param score   highest ROUGE-L F against the pool when {@code closest} is an entry (exact: it is above the
         *                score floor); otherwise the highest seen below the floor, a lower bound only
         * @param closest entry that gave it, or -1 when the best match is at or below the score floor
         */
        record Pass(String id, double score, int closest) implements Judgement {
        }

        /**
         * Rejected.
         *
         * @param duplicate entry it duplicates (exact or near), or -1 for a text rule
         */
        record Fail(String id, Violation violation, int duplicate) implements Judgement {
        }
    }
}
