package dev.seedloop.filter.instruction;

import dev.seedloop.filter.rule.Rule;
import dev.seedloop.filter.rule.RuleSettings;
import dev.seedloop.filter.rule.RuleStage;
import dev.seedloop.filter.rule.VectorCheck;
import dev.seedloop.runtime.config.ConfigKey;
import java.util.List;
import java.util.Map;

/**
 * The meaning-level duplicate rule, after the lexical ones: rejects an instruction whose vector's cosine similarity
 * to any pool instruction's vector (of the same model, {@code embedding.*}) is at least the threshold, the task
 * reworded beyond what ROUGE-L sees ("Compose a brief poem about autumn" after "Write a short autumn-themed poem").
 * The pool judge makes the check with its vector index; every hit is scored exactly. The default threshold is
 * the best F1 of the in-process model on hand-written paraphrase and same-topic pairs (docs/BENCHMARKS.md).
 */
public final class SemanticDuplicateRule implements Rule {

    public static final String NAME = "semantic-duplicate";

    static final ConfigKey<Double> THRESHOLD = ConfigKey.decimal("filter.semantic-duplicate.threshold", 0.86, 0.0,
            1.0, "Lowest cosine similarity to a pool instruction that rejects (bge-small-en-v1.5: 0.86 separates "
                    + "rewordings from different tasks on the same topic best).");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public RuleStage stage() {
        return RuleStage.INSTRUCTION;
    }

    @Override
    public int order() {
        return 120;
    }

    @Override
    public String description() {
        return "reject instructions whose vector's cosine to any pool instruction's is at least the threshold";
    }

    @Override
    public int logicVersion() {
        return 1;
    }

    /** Off in the published filters' presets: Self-Instruct and Alpaca deduplicated by ROUGE-L only. */
    @Override
    public Map<String, Map<String, String>> presets() {
        return Map.of("self-instruct", Map.of("filter.semantic-duplicate.enabled", "false"),
                "alpaca", Map.of("filter.semantic-duplicate.enabled", "false"));
    }

    @Override
    public List<ConfigKey<?>> settings() {
        return List.of(THRESHOLD);
    }

    @Override
    public VectorCheck check(RuleSettings settings) {
        return new VectorCheck(settings.get(THRESHOLD));
    }
}
