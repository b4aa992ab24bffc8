package dev.seedloop.filter;

import dev.seedloop.embedding.EmbeddingConfig;
import dev.seedloop.filter.instruction.BenchmarkContaminationRule;
import dev.seedloop.filter.instruction.ExactDuplicateRule;
import dev.seedloop.filter.instruction.NearDuplicateRule;
import dev.seedloop.filter.instruction.SemanticDuplicateRule;
import dev.seedloop.filter.rule.Check;
import dev.seedloop.filter.rule.ContaminationCheck;
import dev.seedloop.filter.rule.InstructionCheck;
import dev.seedloop.filter.rule.PoolCheck;
import dev.seedloop.filter.rule.ResponseCheck;
import dev.seedloop.filter.rule.ResponseJudgement;
import dev.seedloop.filter.rule.Rule;
import dev.seedloop.filter.rule.RuleStage;
import dev.seedloop.filter.rule.Rules;
import dev.seedloop.filter.rule.VectorCheck;
import dev.seedloop.filter.rule.Violation;
import dev.seedloop.runtime.config.ConfigException;
import dev.seedloop.runtime.config.ConfigKey;
import dev.seedloop.runtime.config.ConfigSource;
import dev.seedloop.schemas.avro.Example;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Everything the filter decides with, built from the rule registry ({@link Rules}) and a configuration: the enabled
 * rules in order with their configured checks, and the version that every verdict records, so that a changed rule
 * (its settings or its logic) shows up as a changed version.
 *
 * @param enabled           the enabled rules, instruction rules first, each stage in rule order
 * @param instructionChecks the text checks of the enabled instruction rules, in order
 * @param exactDuplicate    whether exact duplicates of pool entries are rejected
 * @param nearDuplicate     the near-duplicate threshold and score floor; empty when that rule is off
 * @param semanticDuplicate the semantic-duplicate threshold; empty when that rule is off
 * @param embeddingModel    the model whose vectors the semantic rule compares ({@code embedding.*}); empty when off
 * @param contamination     the eval sets no candidate or instance may quote; empty when that rule is off
 * @param responseChecks    the checks of the enabled response rules, in order
 * @param description       a canonical text of the enabled rules, their logic versions and settings
 * @param version           the operator's {@code filter.config-version}, or a hash of the description
 */
public record FilterRules(
        List<Rule> enabled,
        List<InstructionCheck> instructionChecks,
        boolean exactDuplicate,
        Optional<PoolCheck> nearDuplicate,
        Optional<VectorCheck> semanticDuplicate,
        Optional<String> embeddingModel,
        Optional<ContaminationCheck> contamination,
        List<ResponseCheck> responseChecks,
        String description,
        String version) {

    public static final ConfigKey<Optional<String>> CONFIG_VERSION = ConfigKey.optional("filter.config-version",
            "Version recorded in every verdict; empty derives one from the enabled rules, their logic and settings.");
    /** Keys of 0.1 that no longer exist, with what to set instead. */
    public static final Map<String, String> RENAMED = Map.of(
            "filter.quality.min-score", "set filter.low-quality.enabled=true and filter.low-quality.min-score",
            "filter.max-instances", "set filter.max-instances.count (1-1000), or filter.max-instances.enabled=false "
                    + "to keep every instance");
    public static final String EXACT_DUPLICATE = ExactDuplicateRule.NAME;
    public static final String NEAR_DUPLICATE = NearDuplicateRule.NAME;
    public static final String SEMANTIC_DUPLICATE = SemanticDuplicateRule.NAME;
    public static final String BENCHMARK_CONTAMINATION = BenchmarkContaminationRule.NAME;

    public FilterRules {
        enabled = List.copyOf(enabled);
        instructionChecks = List.copyOf(instructionChecks);
        responseChecks = List.copyOf(responseChecks);
    }

    /** Every key the rules read: the preset, each rule's, the embedding model's, and the configuration version. */
    public static List<ConfigKey<?>> keys() {
        List<ConfigKey<?>> keys = new ArrayList<>(Rules.keys());
        keys.addAll(EmbeddingConfig.keys());
        keys.add(CONFIG_VERSION);
        return keys;
    }

    /** The enabled rules of {@code source} with their checks; a bad setting fails here, naming its key. */
    public static FilterRules from(ConfigSource source) {
        source.rejectRenamed(RENAMED);
        List<Rule> enabled = new ArrayList<>();
        List<InstructionCheck> instructionChecks = new ArrayList<>();
        boolean exactDuplicate = false;
        Optional<PoolCheck> nearDuplicate = Optional.empty();
        Optional<VectorCheck> semanticDuplicate = Optional.empty();
        Optional<ContaminationCheck> contamination = Optional.empty();
        List<ResponseCheck> responseChecks = new ArrayList<>();
        for (Rule rule : Rules.all()) {
            if (!Rules.enabled(rule, source)) {
                continue;
            }
            enabled.add(rule);
            Check check = rule.check(Rules.settings(rule, source));
            if ((rule.stage() == RuleStage.RESPONSE) != (check instanceof ResponseCheck)) {
                throw new ConfigException("rule " + rule.name() + " judges the " + rule.stage() + " stage but its check"
                        + " is a " + check.getClass().getSimpleName());
            }
            if (check instanceof InstructionCheck text) {
                instructionChecks.add(text);
            } else if (check instanceof PoolCheck pool) {
                if (pool.threshold().isPresent()) {
                    nearDuplicate = Optional.of(pool);
                } else {
                    exactDuplicate = true;
                }
            } else if (check instanceof VectorCheck vectors) {
                semanticDuplicate = Optional.of(vectors);
            } else if (check instanceof ContaminationCheck quotes) {
                contamination = Optional.of(quotes);
            } else if (check instanceof ResponseCheck response) {
                responseChecks.add(response);
            }
        }
        Optional<String> embeddingModel = Optional.empty();
        StringBuilder described = new StringBuilder(Rules.describe(source));
        if (semanticDuplicate.isPresent()) {
            embeddingModel = EmbeddingConfig.from(source).modelName();
            if (embeddingModel.isEmpty()) {
                throw new ConfigException("filter." + SEMANTIC_DUPLICATE + " compares vectors, and embedding.provider"
                        + " is none: set embedding.provider (in-process, or remote with embedding.model), or "
                        + "filter." + SEMANTIC_DUPLICATE + ".enabled=false");
            }
            // Vectors of another model mean other verdicts: the model is part of the version
            described.append("embedding.model=").append(embeddingModel.get()).append(';');
        }
        // A changed eval file means other verdicts with the same settings: its bytes are part of the version
        contamination.ifPresent(check -> described.append("eval-sets=").append(check.index().fingerprint())
                .append(';'));
        String description = described.toString();
        String version = source.get(CONFIG_VERSION).filter(value -> !value.isBlank())
                .orElseGet(() -> "rules-" + HexFormat.of().formatHex(sha256(description), 0, 5));
        return new FilterRules(enabled, instructionChecks, exactDuplicate, nearDuplicate, semanticDuplicate,
                embeddingModel, contamination, responseChecks, description, version);
    }

    /** The near-duplicate threshold; empty when that rule is off. */
    public OptionalDouble nearDuplicateThreshold() {
        return nearDuplicate.map(PoolCheck::threshold).orElse(OptionalDouble.empty());
    }

    /** The semantic-duplicate threshold; empty when that rule is off. */
    public OptionalDouble semanticDuplicateThreshold() {
        return semanticDuplicate.map(check -> OptionalDouble.of(check.threshold())).orElse(OptionalDouble.empty());
    }

    /** The floor above which an accepted instruction's highest ROUGE-L is exact; 1 when near duplicates are off. */
    public double scoreFloor() {
        return nearDuplicate.map(check -> check.scoreFloor().orElse(check.threshold().getAsDouble())).orElse(1.0);
    }

    /** The first text rule that fires, in rule order, then a quoted eval item. */
    public Optional<Violation> checkInstruction(String instruction) {
        return checkInstruction(instruction, List.of());
    }

    /**
     * The first text rule that fires on {@code instruction}, in rule order, then a quoted eval item in it or in the
     * {@code inputs} the candidate carries.
     */
    public Optional<Violation> checkInstruction(String instruction, List<String> inputs) {
        for (InstructionCheck check : instructionChecks) {
            Optional<Violation> violation = check.check(instruction);
            if (violation.isPresent()) {
                return violation;
            }
        }
        return contamination.isPresent() ? contamination.get().check(instruction, inputs) : Optional.empty();
    }

    /**
     * The response rules' judgement of {@code response}: quoted eval items first, then each rule in order on what the
     * earlier ones kept, until one rejects the whole response or no instance is left.
     */
    public ResponseJudgement judgeResponse(Example response) {
        ResponseJudgement judgement = new ResponseJudgement(response);
        contamination.ifPresent(check -> check.judge(judgement));
        for (ResponseCheck check : responseChecks) {
            if (judgement.rejection().isPresent() || judgement.kept().isEmpty()) {
                break;
            }
            check.judge(judgement);
        }
        return judgement;
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
