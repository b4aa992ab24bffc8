package dev.seedloop.filter.response;

import dev.seedloop.filter.rule.ResponseCheck;
import dev.seedloop.filter.rule.Rule;
import dev.seedloop.filter.rule.RuleSettings;
import dev.seedloop.filter.rule.RuleStage;
import dev.seedloop.filter.rule.Violation;
import dev.seedloop.runtime.config.ConfigKey;
import dev.seedloop.schemas.avro.Example;
import java.util.List;

/**
 * AlpaGasus's filter: rejects a response that the quality judge (the responder's {@code responder.quality-judge.enabled})
 * rated below {@code min-score} on its 0-5 scale. A response without a rating passes. Off unless enabled.
 */
public final class LowQualityRule implements Rule {

    public static final String NAME = "low-quality";

    static final ConfigKey<Double> MIN_SCORE = ConfigKey.decimal("filter.low-quality.min-score", 4.5, 0.0, 5.0,
            "Lowest quality rating accepted, 0-5 (AlpaGasus: 4.5).");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public RuleStage stage() {
        return RuleStage.RESPONSE;
    }

    @Override
    public int order() {
        return 70;
    }

    @Override
    public String description() {
        return "reject responses the quality judge rated below min-score (needs the responder's quality judge)";
    }

    @Override
    public int logicVersion() {
        return 1;
    }

    @Override
    public boolean enabledByDefault() {
        return false;
    }

    @Override
    public List<ConfigKey<?>> settings() {
        return List.of(MIN_SCORE);
    }

    @Override
    public ResponseCheck check(RuleSettings settings) {
        double minScore = settings.get(MIN_SCORE);
        return judgement -> {
            Example response = judgement.response();
            Double score = response.getQualityScore();
            if (score != null && score < minScore) {
                judgement.reject(Violation.measured(NAME, "rated " + score + " by the quality judge, below "
                        + minScore + (response.getQualityReason() == null ? ""
                                : ": " + Abbreviation.of(response.getQualityReason())), score, minScore));
            }
        };
    }
}
