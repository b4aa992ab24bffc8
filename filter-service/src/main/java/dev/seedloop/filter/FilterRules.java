package dev.seedloop.filter;

import dev.seedloop.filter.output.InstanceRule;
import dev.seedloop.filter.output.OutputRules;
import dev.seedloop.filter.rules.InstructionRule;
import dev.seedloop.filter.rules.Violation;
import dev.seedloop.schemas.avro.Instance;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Everything the filter decides with: the text rules in order, whether exact duplicates are checked, the
 * near-duplicate threshold (empty when that rule is off), and the instance and response rules of the output stage. Its
 * version goes into every verdict, so a changed rule shows up as a changed version.
 *
 * @param explicitVersion a version chosen by the operator; empty to derive one from the rules
 */
public record FilterRules(
        List<InstructionRule> instructionRules,
        boolean exactDuplicate,
        OptionalDouble nearDuplicateThreshold,
        List<InstanceRule> instanceRules,
        OutputRules outputRules,
        Optional<String> explicitVersion) {

    public static final String EXACT_DUPLICATE = "exact-duplicate";
    public static final String NEAR_DUPLICATE = "near-duplicate";

    public FilterRules {
        instructionRules = List.copyOf(instructionRules);
        instanceRules = List.copyOf(instanceRules);
        nearDuplicateThreshold.ifPresent(threshold -> {
            if (!(threshold >= 0.0 && threshold <= 1.0)) {
                throw new IllegalArgumentException("near-duplicate threshold must be in [0, 1], got " + threshold);
            }
        });
    }

    /** The first text rule that fires, in configured order. */
    public Optional<Violation> checkInstruction(String instruction) {
        for (InstructionRule rule : instructionRules) {
            Optional<Violation> violation = rule.check(instruction);
            if (violation.isPresent()) {
                return violation;
            }
        }
        return Optional.empty();
    }

    /** The first instance rule that fires for {@code instance}. */
    public Optional<Violation> checkInstance(Instance instance) {
        for (InstanceRule rule : instanceRules) {
            Optional<Violation> violation = rule.check(instance);
            if (violation.isPresent()) {
                return violation;
            }
        }
        return Optional.empty();
    }

    /** The operator's version, or "rules-" and 10 hex digits of a hash over the rules and their settings. */
    public String version() {
        return explicitVersion.orElseGet(() -> "rules-" + HexFormat.of().formatHex(sha256(describe()), 0, 5));
    }

    /** A canonical text of the rules and their settings. */
    public String describe() {
        StringBuilder text = new StringBuilder();
        for (InstructionRule rule : instructionRules) {
            text.append(rule).append(';');
        }
        text.append(EXACT_DUPLICATE).append('=').append(exactDuplicate).append(';');
        text.append(NEAR_DUPLICATE).append('=')
                .append(nearDuplicateThreshold.isPresent() ? Double.toString(nearDuplicateThreshold.getAsDouble())
                        : "off").append(';');
        for (InstanceRule rule : instanceRules) {
            text.append(rule.ruleName()).append(';');
        }
        text.append(outputRules.describe());
        return text.toString();
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
