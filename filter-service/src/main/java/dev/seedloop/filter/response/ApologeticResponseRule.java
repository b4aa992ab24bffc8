package dev.seedloop.filter.response;

import dev.seedloop.filter.rule.ResponseCheck;
import dev.seedloop.filter.rule.Rule;
import dev.seedloop.filter.rule.RuleSettings;
import dev.seedloop.filter.rule.RuleStage;
import dev.seedloop.filter.rule.Violation;
import dev.seedloop.schemas.avro.InstanceSource;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Evol-Instruct's elimination rule for answers: a direct answer that apologises ("sorry") and is "relatively short
 * (&lt; 80 words)" is a refusal, not a response. It judges direct answers only ({@link InstanceSource#DIRECT_ANSWER}):
 * an instance of a task may well be short and say sorry.
 */
public final class ApologeticResponseRule implements Rule {

    public static final String NAME = "apologetic-response";
    /** WizardLM's bound: an apology in fewer words than this is a refusal. */
    public static final int MAX_WORDS = 80;
    private static final Set<String> APOLOGIES = Set.of("sorry", "죄송", "미안");

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
        return 50;
    }

    @Override
    public String description() {
        return "drop a direct answer that apologises in fewer than 80 words (Evol-Instruct)";
    }

    /** 2: judges every direct answer (Alpaca's too), where 1 judged Evol-Instruct's alone. */
    @Override
    public int logicVersion() {
        return 2;
    }

    @Override
    public ResponseCheck check(RuleSettings settings) {
        return judgement -> {
            if (judgement.instanceSource() == InstanceSource.DIRECT_ANSWER) {
                judgement.dropEach(instance -> isApologetic(instance.getOutput())
                        ? Optional.of(Violation.of(NAME, "the response apologises in fewer than " + MAX_WORDS
                                + " words"))
                        : Optional.empty());
            }
        };
    }

    /** True when {@code output} apologises in fewer than 80 words. */
    static boolean isApologetic(String output) {
        String lower = output.toLowerCase(Locale.ROOT);
        return APOLOGIES.stream().anyMatch(lower::contains) && output.strip().split("\\s+").length < MAX_WORDS;
    }
}
