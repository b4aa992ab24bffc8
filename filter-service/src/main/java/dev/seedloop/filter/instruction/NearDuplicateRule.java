package dev.seedloop.filter.instruction;

import dev.seedloop.filter.rule.PoolCheck;
import dev.seedloop.filter.rule.Rule;
import dev.seedloop.filter.rule.RuleSettings;
import dev.seedloop.filter.rule.RuleStage;
import dev.seedloop.runtime.config.ConfigException;
import dev.seedloop.runtime.config.ConfigKey;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Self-Instruct's diversity rule: rejects instructions whose ROUGE-L F-measure against any pool instruction is
 * strictly above the threshold (0.7). The pool judge makes the check with its near-duplicate index, exactly.
 */
public final class NearDuplicateRule implements Rule {

    public static final String NAME = "near-duplicate";

    static final ConfigKey<Double> THRESHOLD = ConfigKey.decimal("filter.near-duplicate.threshold", 0.7, 0.0, 1.0,
            "Highest ROUGE-L F-measure allowed; strictly greater is a near-duplicate (Self-Instruct: 0.7).");
    static final ConfigKey<Optional<String>> SCORE_FLOOR = ConfigKey.optional("filter.near-duplicate.score-floor",
            "Accepted instructions report their exact highest ROUGE-L when it is above this (empty: the threshold); "
                    + "lower costs speed.");

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
        return 110;
    }

    @Override
    public String description() {
        return "reject instructions whose ROUGE-L F against any pool instruction exceeds the threshold";
    }

    @Override
    public int logicVersion() {
        return 1;
    }

    @Override
    public List<ConfigKey<?>> settings() {
        return List.of(THRESHOLD, SCORE_FLOOR);
    }

    @Override
    public PoolCheck check(RuleSettings settings) {
        double threshold = settings.get(THRESHOLD);
        Optional<String> raw = settings.get(SCORE_FLOOR).filter(value -> !value.isBlank());
        if (raw.isEmpty()) {
            return new PoolCheck(OptionalDouble.of(threshold), OptionalDouble.of(threshold));
        }
        double floor;
        try {
            floor = Double.parseDouble(raw.get().strip());
        } catch (NumberFormatException e) {
            throw new ConfigException("invalid value for " + SCORE_FLOOR.name() + ": '" + raw.get()
                    + "' is not a number");
        }
        if (!(floor >= 0.0 && floor <= threshold)) {
            throw new ConfigException(SCORE_FLOOR.name() + " must be between 0 and the threshold (" + threshold
                    + "), got " + floor);
        }
        return new PoolCheck(OptionalDouble.of(threshold), OptionalDouble.of(floor));
    }
}
