package dev.seedloop.filter.shard;

import dev.seedloop.filter.FilterRules;
import dev.seedloop.filter.PoolJudge;
import dev.seedloop.filter.dedup.PoolVectors;
import dev.seedloop.filter.dedup.NearDuplicateIndex;
import dev.seedloop.filter.rule.Violation;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.Optional;

/**
 * The sharded judge's one decider. Every candidate, in order, is answered by every shard against its part of the
 * pool as of the last decision that shard applied ({@link ShardAnswer}); the sequencer completes the answers with
 * the decisions the shards have not applied yet (a short, recent list it keeps), and decides exactly as the single
 * {@link PoolJudge} does against the whole pool: the text rules, then exact duplicate, near-duplicate (the highest
 * ROUGE-L above the floor, the earliest entry on a tie) and semantic duplicate. Each acceptance and each removal is a
 * decision with the next sequence number, which the shards apply in order.
 * <p>
 * The single judge's index and this one agree on every score because both compute the same LCS and the same
 * F-measure from the same token counts; a shard's best is the best of its part, and every entry is in exactly one
 * part or in the recent list. A removal is the one thing a shard's best cannot be completed for (its second best is
 * unknown), so a candidate is decided only once the shard owning each recent removal has applied it ({@link #ready}).
 * A shard need apply only the decisions about its own entries: what it has applied is compared with the sequence
 * numbers of those only.
 */
public final class JudgeSequencer {

    /** A decision the shards may not all have applied: an entry that joined (with its text) or left (text null). */
    private static final class Event {
        final long sequence;
        final String id;
        final int owner;
        final PoolJudge.Text text;
        /** Its entry in the index of the kept decisions' texts while it is in the pool; -1 otherwise. */
        int entry = -1;

        Event(long sequence, String id, int owner, PoolJudge.Text text) {
            this.sequence = sequence;
            this.id = id;
            this.owner = owner;
            this.text = text;
        }

        long sequence() {
            return sequence;
        }

        String id() {
            return id;
        }

        int owner() {
            return owner;
        }

        PoolJudge.Text text() {
            return text;
        }
    }

    private final FilterRules rules;
    private final int shards;
    private final double floor;
    private final Deque<Event> recent = new ArrayDeque<>();
    /**
     * The texts of the kept decisions' entries still in the pool, searched as the shards search theirs (the exact best
     * above the floor, the earliest on a tie): it holds the entries the shards' answers may lack. An entry a shard has
     * applied may be found here too, with the same score and sequence number as in its answer, which changes nothing.
     */
    private NearDuplicateIndex kept;
    private NearDuplicateIndex.Searcher keptSearcher;
    private final Map<Integer, Event> keptEntries = new HashMap<>();
    /** The latest kept decision about each entry. */
    private final Map<String, Event> latest = new HashMap<>();
    /** Removals among the kept decisions. */
    private int removals;
    private long next;
    private int dimension = -1;

    public JudgeSequencer(FilterRules rules, int shards) {
        this.rules = rules;
        this.shards = shards;
        this.floor = rules.scoreFloor();
    }

    /** The sequence number the next decision gets. */
    public long nextSequence() {
        return next;
    }

    /** Decisions kept because some shard may not have applied them. */
    public int recent() {
        return recent.size();
    }

    /**
     * Whether {@code answers} (one per shard) can be decided on: one from every shard, each given after its shard had
     * applied the removals of its entries that this sequencer still keeps.
     */
    public boolean ready(List<ShardAnswer> answers) {
        if (answers.size() != shards) {
            return false;
        }
        if (removals == 0) {
            return true;
        }
        long[] applied = applied(answers);
        for (Event event : recent) {
            if (event.text() == null && applied[event.owner()] < event.sequence()) {
                return false;
            }
        }
        return true;
    }

    /**
     * The shards whose answer in {@code answers} was given before they applied a removal this sequencer keeps: their
     * answer must be given again (a shard's second-best entry is unknown).
     */
    public java.util.SortedSet<Integer> behindRemovals(List<ShardAnswer> answers) {
        long[] applied = applied(answers);
        java.util.SortedSet<Integer> behind = new java.util.TreeSet<>();
        for (Event event : recent) {
            int owner = event.owner();
            if (event.text() == null && applied[owner] < event.sequence()) {
                behind.add(owner);
            }
        }
        return behind;
    }

    /**
     * Takes back a decision made before a restart that the shards may not all have applied, in sequence order; the
     * next decision gets the number after it.
     */
    public void restore(long sequence, String id, PoolJudge.Text text) {
        if (sequence < next) {
            throw new IllegalStateException("decision " + sequence + " restored after " + (next - 1)
                    + ": decisions are restored in order");
        }
        if (text != null && text.vector() != null && dimension < 0 && rules.semanticDuplicate().isPresent()) {
            dimension = text.vector().length;
        }
        record(new Event(sequence, id, PoolShard.of(id, shards), text));
        next = sequence + 1;
    }

    /** Continues numbering at {@code sequence} (after a restart whose kept decisions were all applied). */
    public void resumeAt(long sequence) {
        if (sequence < next) {
            throw new IllegalStateException("cannot number decisions from " + sequence + " after " + (next - 1));
        }
        next = sequence;
    }

    /** The instruction of a kept decision that added {@code id}, if one is kept. */
    public Optional<String> recentInstruction(String id) {
        String found = null;
        for (Event event : recent) {
            if (event.id().equals(id) && event.text() != null) {
                found = event.text().instruction();
            }
        }
        return Optional.ofNullable(found);
    }

    /** The sequence number of the oldest decision kept about an entry of {@code shard}; empty when none is kept. */
    public java.util.OptionalLong oldestKept(int shard) {
        for (Event event : recent) {
            if (event.owner() == shard) {
                return java.util.OptionalLong.of(event.sequence());
            }
        }
        return java.util.OptionalLong.empty();
    }

    private long[] applied(List<ShardAnswer> answers) {
        long[] applied = new long[shards];
        java.util.Arrays.fill(applied, -1);
        answers.forEach(answer -> applied[answer.shard()] = answer.applied());
        return applied;
    }

    /** The verdict on {@code text}, given every shard's answer for it; the pool does not change. */
    public CandidateVerdict decide(PoolJudge.Text text, List<ShardAnswer> answers) {
        return decide(text, answers, rules.checkInstruction(text.instruction(), text.inputs()));
    }

    /**
     * As {@link #decide(PoolJudge.Text, List)}, with the text rules' verdict on {@code text} given (a shard ran them:
     * they need no pool).
     */
    public CandidateVerdict decide(PoolJudge.Text text, List<ShardAnswer> answers, Optional<Violation> textRules) {
        if (!ready(answers)) {
            throw new IllegalArgumentException("answers of " + answers.size() + " shards, of " + shards
                    + ", not all given after their shard applied the removals kept: wait for them");
        }
        ShardAnswer[] byShard = new ShardAnswer[shards];
        answers.forEach(answer -> byShard[answer.shard()] = answer);
        String id = text.id();
        if (textRules.isPresent()) {
            return CandidateVerdict.fail(id, textRules.get(), null);
        }
        if (rules.exactDuplicate() && holds(id, byShard)) {
            return CandidateVerdict.fail(id, Violation.measured(FilterRules.EXACT_DUPLICATE,
                    "same normalised text as pool entry " + id, 1.0, 1.0), id);
        }
        ShardAnswer.Match best = null;
        if (floor < 1.0) {
            for (ShardAnswer answer : answers) {
                best = ShardAnswer.Match.better(best, answer.best());
            }
            if (!keptEntries.isEmpty()) {
                NearDuplicateIndex.Match match = keptSearcher.best(text.tokens());
                if (match.found()) {
                    Event event = keptEntries.get(match.entry());
                    best = ShardAnswer.Match.better(best, new ShardAnswer.Match(event.id(), match.score(),
                            event.sequence()));
                }
            }
        }
        if (rules.nearDuplicateThreshold().isPresent() && best != null
                && best.score() > rules.nearDuplicateThreshold().getAsDouble()) {
            double threshold = rules.nearDuplicateThreshold().getAsDouble();
            return CandidateVerdict.fail(id, Violation.measured(FilterRules.NEAR_DUPLICATE, "ROUGE-L F " + best.score()
                    + " > " + threshold + " against pool entry " + best.id(), best.score(), threshold), best.id());
        }
        PoolVectors.Nearest nearest = null;
        if (rules.semanticDuplicate().isPresent()) {
            String model = rules.embeddingModel().orElseThrow();
            double threshold = rules.semanticDuplicateThreshold().getAsDouble();
            if (text.vector() == null) {
                return CandidateVerdict.fail(id, Violation.of(FilterRules.SEMANTIC_DUPLICATE, "no vector of " + model
                        + " to compare: " + text.noVector()), null);
            }
            if (dimension >= 0 && dimension != text.vector().length) {
                return CandidateVerdict.fail(id, Violation.of(FilterRules.SEMANTIC_DUPLICATE, "a vector of "
                        + text.vector().length + " dimensions where the pool's vectors of " + model + " have "
                        + dimension), null);
            }
            ShardAnswer.Match closest = null;
            for (ShardAnswer answer : answers) {
                closest = ShardAnswer.Match.better(closest, answer.nearest());
            }
            for (Event event : unapplied(byShard)) {
                if (event.text().vector() != null) {
                    closest = ShardAnswer.Match.better(closest, new ShardAnswer.Match(event.id(),
                            dot(text.vector(), event.text().vector()), event.sequence()));
                }
            }
            if (closest != null && closest.score() >= threshold) {
                return CandidateVerdict.fail(id, Violation.measured(FilterRules.SEMANTIC_DUPLICATE, "cosine "
                        + closest.score() + " >= " + threshold + " against pool entry " + closest.id() + " ("
                        + model + ")" + (text.caveat() == null ? "" : "; " + text.caveat()), closest.score(),
                        threshold), closest.id());
            }
            nearest = closest == null ? null : new PoolVectors.Nearest(closest.id(), closest.score());
        }
        return new CandidateVerdict(id, Optional.empty(), null, best == null ? null : best.score(),
                best == null ? null : best.id(), nearest);
    }

    /**
     * Decides that {@code text} joins the pool: the text the shards are to apply with the returned sequence number
     * (without its vector when the vector is not of the pool's dimension, as the single judge leaves it out).
     */
    public Admission admit(PoolJudge.Text text) {
        PoolJudge.Text applied = text;
        if (text.vector() != null && rules.semanticDuplicate().isPresent()) {
            if (dimension < 0) {
                dimension = text.vector().length;
            } else if (dimension != text.vector().length) {
                applied = new PoolJudge.Text(text.instruction(), text.id(), text.tokens(), null,
                        "a vector of another dimension", text.caveat(), text.inputs());
            }
        }
        long sequence = next++;
        record(new Event(sequence, text.id(), PoolShard.of(text.id(), shards), applied));
        return new Admission(sequence, applied);
    }

    /** A decision that an entry joins the pool: its sequence number and the text the shards apply. */
    public record Admission(long sequence, PoolJudge.Text text) {
    }

    /** Decides that entry {@code id} leaves the pool; the decision's sequence number. */
    public long remove(String id) {
        long sequence = next++;
        record(new Event(sequence, id, PoolShard.of(id, shards), null));
        return sequence;
    }

    /** Forgets the decisions that the shard owning each had applied when it gave its answer in {@code answers}. */
    public void forget(List<ShardAnswer> answers) {
        forget(applied(answers));
    }

    /**
     * Forgets the decisions each owning shard had applied by {@code applied[shard]}: the least of what it had applied
     * in any answer the sequencer still holds or may yet be given. (Answers to later candidates may have been given
     * before an answer given again to an earlier one, so the answers to the candidate just decided are not enough.)
     */
    public void forget(long[] applied) {
        recent.removeIf(event -> {
            if (event.sequence() > applied[event.owner()]) {
                return false;
            }
            unindex(event);
            latest.remove(event.id(), event);
            if (event.text() == null) {
                removals--;
            }
            return true;
        });
        if (kept != null && kept.nextEntry() > 4 * keptEntries.size() + 4_096) {
            // entries removed from an index stay behind it: start a new one with the live entries, in order
            kept = null;
            keptEntries.clear();
            for (Event event : recent) {
                if (event.entry >= 0) {
                    event.entry = -1;
                    index(event);
                }
            }
        }
    }

    /** Keeps a decision: an admission's text joins the index, a removal takes the same entry's earlier text out. */
    private void record(Event event) {
        latest.put(event.id(), event);
        if (event.text() == null) {
            removals++;
            for (Event earlier : recent) {
                if (earlier.id().equals(event.id())) {
                    unindex(earlier);
                }
            }
        } else {
            index(event);
        }
        recent.addLast(event);
    }

    private void index(Event event) {
        if (floor >= 1.0) {
            return;
        }
        if (kept == null) {
            kept = new NearDuplicateIndex(floor);
            keptSearcher = kept.searcher();
        }
        event.entry = kept.add(event.text().tokens());
        keptEntries.put(event.entry, event);
    }

    private void unindex(Event event) {
        if (event.entry >= 0) {
            kept.remove(event.entry);
            keptEntries.remove(event.entry);
            event.entry = -1;
        }
    }

    /** Whether the pool holds {@code id} now: as its shard answered, then the decisions it has not applied. */
    private boolean holds(String id, ShardAnswer[] byShard) {
        ShardAnswer owner = byShard[PoolShard.of(id, shards)];
        Event event = latest.get(id);
        return event != null && event.sequence() > owner.applied() ? event.text() != null : owner.holdsId();
    }

    /**
     * The entries that joined after the shard owning each had applied its last decision and are still in the pool:
     * what the shards' answers do not cover.
     */
    private List<Event> unapplied(ShardAnswer[] byShard) {
        List<Event> joined = new java.util.ArrayList<>();
        for (Event event : recent) {
            if (event.text() == null) {
                joined.removeIf(earlier -> earlier.id().equals(event.id()));
            } else if (event.sequence() > byShard[event.owner()].applied()) {
                joined.add(event);
            }
        }
        return joined;
    }

    /** The dot product as the vector stores compute it: float products summed in doubles, in order. */
    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (double) a[i] * b[i];
        }
        return sum;
    }
}
