package dev.seedloop.filter.rule;

import dev.seedloop.runtime.config.ConfigKey;
import java.util.List;
import java.util.Map;

/**
 * One rule of the filter, as a plugin: a class that says what it is (its name, which is its reason code and the
 * prefix of its configuration keys, {@code filter.<name>.*}), which stage it judges, where it runs among that
 * stage's rules, its settings with their defaults and docs, the values the presets give them, the version of
 * its logic, and how to build its check from settings. Rules are found with {@link java.util.ServiceLoader}
 * (listed in {@code META-INF/services/dev.seedloop.filter.rule.Rule}); everything that names rules (the filter,
 * {@code filter-file --filters}, {@code seedloop config filter}, the presets, the metrics, the configuration
 * version, the benchmarks) reads {@link Rules}. docs/EXTENDING.md has the recipe.
 */
public interface Rule {

    /** The stable name: the rejection's reason code, the metrics' reason, and the key prefix. */
    String name();

    /** What it judges. */
    RuleStage stage();

    /** Where it runs among the rules of its stage, lowest first: the first rule that fires gives the reason. */
    int order();

    /** One line: what it rejects and why. */
    String description();

    /**
     * The version of what the rule does. Raise it when the rule decides differently with the same settings: it goes
     * into the configuration version that every verdict records, so replays and comparisons tell the logic apart.
     */
    int logicVersion();

    /** Whether {@code filter.<name>.enabled} defaults to true. */
    default boolean enabledByDefault() {
        return true;
    }

    /** The rule's settings besides {@code filter.<name>.enabled}; their names start with {@code filter.<name>.}. */
    default List<ConfigKey<?>> settings() {
        return List.of();
    }

    /**
     * The values a preset gives this rule's keys ({@code enabled} included), where they differ from the defaults:
     * preset name (as {@code filter.preset} takes it) to key name to value.
     */
    default Map<String, Map<String, String>> presets() {
        return Map.of();
    }

    /** The configured check, from the rule's settings (only asked for when the rule is enabled). */
    Check check(RuleSettings settings);
}
