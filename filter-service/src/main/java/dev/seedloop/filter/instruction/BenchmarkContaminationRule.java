package dev.seedloop.filter.instruction;

import dev.seedloop.filter.contamination.ContaminationIndex;
import dev.seedloop.filter.contamination.EvalSets;
import dev.seedloop.filter.rule.ContaminationCheck;
import dev.seedloop.filter.rule.Rule;
import dev.seedloop.filter.rule.RuleSettings;
import dev.seedloop.filter.rule.RuleStage;
import dev.seedloop.filter.rule.Rules;
import dev.seedloop.runtime.config.ConfigException;
import dev.seedloop.runtime.config.ConfigKey;
import dev.seedloop.runtime.config.ConfigSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Rejects what quotes an evaluation item (a GSM8K question, a HumanEval solution, an MT-Bench prompt): a model
 * trained on it would score well on that benchmark for the wrong reason. Judged twice: a candidate's instruction and
 * the inputs it carries at the instruction stage, after the text rules; each instance's input and output at the
 * response stage (leaked answers and solutions), first. The defaults are measured in docs/BENCHMARKS.md: every
 * verbatim, reformatted or prefixed leak of the shipped sets is found, and 1 of 5,175 Alpaca and seed records is
 * flagged.
 */
public final class BenchmarkContaminationRule implements Rule {

    public static final String NAME = "benchmark-contamination";

    public static final ConfigKey<List<String>> EVAL_SETS = ConfigKey.list("filter.benchmark-contamination.eval-sets",
            String.join(",", EvalSets.ALL_SHIPPED), "Eval sets no record may quote: shipped ones by name ("
                    + String.join(", ", EvalSets.ALL_SHIPPED) + ") and JSON lines files by path.");
    public static final ConfigKey<Integer> NGRAM = ConfigKey.integer("filter.benchmark-contamination.ngram", 8, 2,
            64, "Tokens of one run shared with an eval text (Tulu 3 uses 8).");
    public static final ConfigKey<Integer> SPAN = ConfigKey.integer("filter.benchmark-contamination.span", 13, 2,
            1000, "Tokens of an eval text that shared runs must cover to reject (GPT-3's 13-gram), or all of a "
                    + "shorter one; at least the n-gram.");
    public static final ConfigKey<Integer> MIN_TOKENS = ConfigKey.integer("filter.benchmark-contamination.min-tokens",
            6, 1, 64, "Fewest tokens an eval string needs to count (shorter ones are ids, labels and bare answers); at "
                    + "most the n-gram.");
    public static final ConfigKey<Integer> MAX_ITEMS = ConfigKey.integer("filter.benchmark-contamination.max-items",
            5, 1, 1_000_000, "An n-gram found in more eval items than this is boilerplate and matches nothing.");

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
        return 70;
    }

    @Override
    public String description() {
        return "reject candidates and instances that quote an evaluation item (eval sets, n-gram runs)";
    }

    @Override
    public int logicVersion() {
        return 1;
    }

    /** Off in the published filters' presets: neither project checked for benchmark items. */
    @Override
    public Map<String, Map<String, String>> presets() {
        return Map.of("self-instruct", Map.of("filter.benchmark-contamination.enabled", "false"),
                "alpaca", Map.of("filter.benchmark-contamination.enabled", "false"));
    }

    @Override
    public List<ConfigKey<?>> settings() {
        return List.of(EVAL_SETS, NGRAM, SPAN, MIN_TOKENS, MAX_ITEMS);
    }

    /**
     * The index of {@code evalSets} with this rule's settings from {@code values} (its {@code filter.<name>.*} keys
     * other than the eval sets; the defaults for the rest): what the tools check the pool with. A bad set or setting
     * is a {@link ConfigException} saying which.
     */
    public static ContaminationIndex index(List<String> evalSets, Map<String, String> values) {
        BenchmarkContaminationRule rule = new BenchmarkContaminationRule();
        Map<String, String> all = new HashMap<>(values);
        all.put(EVAL_SETS.name(), String.join(",", evalSets));
        all.put(Rules.enabledKey(rule).name(), "true");
        ConfigSource source = ConfigSource.ofValues(all);
        List<ConfigKey<?>> known = new ArrayList<>(rule.settings());
        known.add(Rules.enabledKey(rule));
        source.rejectUnknown(known);
        return rule.check(Rules.settings(rule, source)).index();
    }

    @Override
    public ContaminationCheck check(RuleSettings settings) {
        ContaminationIndex.Settings index;
        try {
            index = new ContaminationIndex.Settings(settings.get(NGRAM), settings.get(SPAN), settings.get(MIN_TOKENS),
                    settings.get(MAX_ITEMS));
        } catch (ConfigException e) {
            throw new ConfigException("filter." + NAME + ".*: " + e.getMessage());
        }
        try {
            return new ContaminationCheck(NAME, ContaminationIndex.of(settings.get(EVAL_SETS), index));
        } catch (ConfigException e) {
            throw new ConfigException(EVAL_SETS.name() + ": " + e.getMessage());
        }
    }
}
