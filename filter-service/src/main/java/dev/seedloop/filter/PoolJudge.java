package dev.seedloop.filter;

import dev.seedloop.embedding.EmbeddingException;
import dev.seedloop.embedding.EmbeddingRecords;
import dev.seedloop.filter.dedup.NearDuplicateIndex;
import dev.seedloop.filter.dedup.PoolIds;
import dev.seedloop.filter.dedup.PoolVectors;
import dev.seedloop.filter.dedup.RougeTokenizer;
import dev.seedloop.filter.rule.Violation;
import dev.seedloop.schemas.InstructionId;
import dev.seedloop.schemas.avro.Embedding;
import java.util.List;
import java.util.Optional;

/**
 * The instruction filter's decision, independent of where the pool is kept: text rules first, then exact
 * duplicate (same normalised text), then near-duplicate (ROUGE-L F above the threshold against any pool
 * instruction), then semantic duplicate (cosine of the instructions' vectors at least its threshold, against the
 * pool's vectors of the same model). The same code judges the Kafka Streams topology and offline files.
 */
public final class PoolJudge {

    private final FilterRules rules;
    private final PoolIds ids = new PoolIds();
    private final NearDuplicateIndex index;
    private final NearDuplicateIndex.Searcher ownSearcher;
    private final boolean exactVectors;
    private PoolVectors vectors;
    private int entries;

    /**
     * A judge with an empty pool. Its index finds the exact highest ROUGE-L whenever it is above the rules' score
     * floor (at most the threshold; lower means more exact scores for reporting, and more work).
     */
    public PoolJudge(FilterRules rules) {
        this(rules, false);
    }

    /**
     * As {@link #PoolJudge(FilterRules)}; with {@code exactVectors} the semantic rule scans every pool vector instead
     * of searching the graph (tests and benchmarks: never misses, slow on a large pool).
     */
    public PoolJudge(FilterRules rules, boolean exactVectors) {
        this.rules = rules;
        this.exactVectors = exactVectors;
        double floor = rules.scoreFloor();
        this.index = floor < 1.0 ? new NearDuplicateIndex(floor) : null;
        this.ownSearcher = index == null ? null : index.searcher();
    }

    /** The verdict for {@code instruction} against the pool as it stands; the pool does not change. */
    public Judgement judge(String instruction) {
        return judge(Text.of(instruction));
    }

    /** The verdict for {@code text} (with its vector, when the semantic rule is on) against the pool as it stands. */
    public Judgement judge(Text text) {
        return judge(text, ownSearcher);
    }

    /** A searcher for judging from another thread while the pool does not change. */
    NearDuplicateIndex.Searcher searcher() {
        return index == null ? null : index.searcher();
    }

    /** As {@link #judge(String)}, searching with {@code searcher}. */
    Judgement judge(Text text, NearDuplicateIndex.Searcher searcher) {
        String id = text.id();
        Optional<Violation> violation = rules.checkInstruction(text.instruction(), text.inputs());
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
        NearDuplicateIndex.Match match = index == null ? new NearDuplicateIndex.Match(-1, 0.0)
                : searcher.best(text.tokens());
        if (rules.nearDuplicateThreshold().isPresent() && match.found()
                && match.score() > rules.nearDuplicateThreshold().getAsDouble()) {
            double threshold = rules.nearDuplicateThreshold().getAsDouble();
            return new Judgement.Fail(id, Violation.measured(FilterRules.NEAR_DUPLICATE, "ROUGE-L F " + match.score()
                    + " > " + threshold + " against pool entry " + ids.idOf(match.entry()), match.score(), threshold),
                    match.entry());
        }
        Optional<PoolVectors.Nearest> nearest = Optional.empty();
        if (rules.semanticDuplicate().isPresent()) {
            String model = rules.embeddingModel().orElseThrow();
            double threshold = rules.semanticDuplicateThreshold().getAsDouble();
            if (text.vector() == null) {
                return new Judgement.Fail(id, Violation.of(FilterRules.SEMANTIC_DUPLICATE, "no vector of " + model
                        + " to compare: " + text.noVector()), -1);
            }
            if (vectors != null && vectors.dimension() != text.vector().length) {
                return new Judgement.Fail(id, Violation.of(FilterRules.SEMANTIC_DUPLICATE, "a vector of "
                        + text.vector().length + " dimensions where the pool's vectors of " + model + " have "
                        + vectors.dimension()), -1);
            }
            nearest = vectors == null ? Optional.empty() : vectors.nearest(text.vector());
            if (nearest.isPresent() && nearest.get().cosine() >= threshold) {
                PoolVectors.Nearest hit = nearest.get();
                return new Judgement.Fail(id, Violation.measured(FilterRules.SEMANTIC_DUPLICATE, "cosine "
                        + hit.cosine() + " >= " + threshold + " against pool entry " + hit.id() + " (" + model + ")"
                        + (text.caveat() == null ? "" : "; " + text.caveat()), hit.cosine(), threshold),
                        ids.get(hit.id()));
            }
        }
        return new Judgement.Pass(id, match.score(), match.entry(), nearest.orElse(null));
    }

    /** Adds {@code instruction} to the pool (a no-op when its id is there already); returns its entry. */
    public int admit(String instruction) {
        return admit(Text.of(instruction));
    }

    /** Adds {@code text}, with its vector when it has one, to the pool; returns its entry. */
    public int admit(Text text) {
        int existing = ids.get(text.id());
        if (existing >= 0) {
            return existing;
        }
        int entry = index == null ? entries++ : index.add(text.tokens());
        ids.put(text.id(), entry);
        if (text.vector() != null && rules.semanticDuplicate().isPresent()) {
            if (vectors == null) {
                String model = rules.embeddingModel().orElseThrow();
                vectors = exactVectors ? PoolVectors.exact(model, text.vector().length)
                        : PoolVectors.graph(model, text.vector().length);
            }
            if (vectors.dimension() == text.vector().length) {
                vectors.add(text.id(), text.vector());
            }
        }
        return entry;
    }

    /** The pool entries without a vector the semantic rule can compare with (none of its model, or none at all). */
    public int withoutVector() {
        return rules.semanticDuplicate().isEmpty() ? 0 : size() - (vectors == null ? 0 : vectors.size());
    }

    /**
     * The pool entry with the highest ROUGE-L against {@code text} above the score floor (exact; on a tie the earliest
     * entry), or none: the near-duplicate check's search alone, for a judge that holds a part of the pool.
     */
    public NearDuplicateIndex.Match bestMatch(Text text) {
        return index == null ? NearDuplicateIndex.Match.NONE : ownSearcher.best(text.tokens());
    }

    /** The pool vector nearest {@code vector} (of the semantic rule's model), or none. */
    public Optional<PoolVectors.Nearest> nearestVector(float[] vector) {
        return vectors == null || vectors.dimension() != vector.length ? Optional.empty() : vectors.nearest(vector);
    }

    /** The entry of pool id {@code id}, or -1. */
    public int entryOf(String id) {
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
        if (vectors != null) {
            vectors.remove(id);
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

    /**
     * An instruction with its pool id, ROUGE tokens and vector, each computed once.
     *
     * @param vector   its unit vector of the semantic rule's model, or null
     * @param noVector why it has none (when {@code vector} is null)
     * @param caveat   what the vector's maker noted (cut to the window, a script the model lacks), or null
     * @param inputs   the inputs of the instances the candidate carries (checked for quoted eval items)
     */
    public record Text(String instruction, String id, List<String> tokens, float[] vector, String noVector,
            String caveat, List<String> inputs) {

        public Text {
            inputs = List.copyOf(inputs);
        }

        /** An instruction without inputs. */
        public Text(String instruction, String id, List<String> tokens, float[] vector, String noVector,
                String caveat) {
            this(instruction, id, tokens, vector, noVector, caveat, List.of());
        }

        /** The same text with the inputs of the instances its candidate carries. */
        public Text withInputs(List<String> candidateInputs) {
            return new Text(instruction, id, tokens, vector, noVector, caveat, candidateInputs);
        }

        /** An instruction without a vector. */
        public static Text of(String instruction) {
            return new Text(instruction, InstructionId.of(instruction), RougeTokenizer.tokenize(instruction), null,
                    "it has none", null);
        }

        /** An instruction that has no vector, and why. */
        public static Text withoutVector(String instruction, String why) {
            return new Text(instruction, InstructionId.of(instruction), RougeTokenizer.tokenize(instruction), null,
                    why, null);
        }

        /** An instruction with the vector {@code embedding} carries, when it is of {@code model} (may be null). */
        public static Text of(String instruction, Embedding embedding, String model) {
            String id = InstructionId.of(instruction);
            List<String> tokens = RougeTokenizer.tokenize(instruction);
            if (model == null) {
                return new Text(instruction, id, tokens, null, "no model is configured", null);
            }
            if (embedding == null) {
                return new Text(instruction, id, tokens, null, "the record carries none (embedding.provider of the "
                        + "stage that wrote it)", null);
            }
            if (!model.equals(embedding.getModel())) {
                return new Text(instruction, id, tokens, null, "the record's vector is of " + embedding.getModel()
                        + " (vectors of different models are never compared; a new model is a replay)", null);
            }
            try {
                return new Text(instruction, id, tokens, EmbeddingRecords.vector(embedding, model).orElseThrow(), null,
                        embedding.getCaveat());
            } catch (EmbeddingException e) {
                return new Text(instruction, id, tokens, null, e.getMessage(), null);
            }
        }
    }

    /**
     * {@code instruction} as the judge of {@code rules} compares it: with the vector {@code embedding} carries when
     * the semantic rule is on (and the vector is of its model), without one otherwise.
     */
    public static Text textOf(FilterRules rules, String instruction, Embedding embedding) {
        return rules.semanticDuplicate().isPresent()
                ? Text.of(instruction, embedding, rules.embeddingModel().orElseThrow())
                : Text.of(instruction);
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
         * @param nearest the pool vector nearest the instruction's, when the semantic rule ran against any
         */
        record Pass(String id, double score, int closest, PoolVectors.Nearest nearest) implements Judgement {

            public Pass(String id, double score, int closest) {
                this(id, score, closest, null);
            }
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
