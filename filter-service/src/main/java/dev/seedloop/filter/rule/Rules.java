package dev.seedloop.filter.rule;

import dev.seedloop.runtime.config.ConfigException;
import dev.seedloop.runtime.config.ConfigKey;
import dev.seedloop.runtime.config.ConfigSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Every rule of the filter, found with {@link ServiceLoader}, in stage and rule order: the one registry that the
 * filter, {@code filter-file}, {@code seedloop config filter}, the presets, the metrics and the configuration
 * version read. A rule's enabled key is {@code filter.<name>.enabled}; its settings are its own.
 */
public final class Rules {

    /** The rule sets {@code filter.preset} names; each rule says what it changes in them. */
    public static final List<String> PRESETS = List.of("default", "self-instruct", "alpaca");

    public static final ConfigKey<String> PRESET = new ConfigKey<>("filter.preset", "Rule set: default (seedloop's), "
            + "self-instruct or alpaca (those projects' filters as published); keys set explicitly override it.",
            "default", raw -> {
                String preset = raw.toLowerCase(Locale.ROOT);
                if (!PRESETS.contains(preset)) {
                    throw new IllegalArgumentException("must be one of " + PRESETS);
                }
                return preset;
            }, false, List.of());

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");
    private static final List<Rule> ALL = load();

    private Rules() {
    }

    /** Every rule, instruction rules first, each stage in rule order. */
    public static List<Rule> all() {
        return ALL;
    }

    /** The rules of {@code stage}, in order. */
    public static List<Rule> of(RuleStage stage) {
        return ALL.stream().filter(rule -> rule.stage() == stage).toList();
    }

    public static Optional<Rule> named(String name) {
        return ALL.stream().filter(rule -> rule.name().equals(name)).findFirst();
    }

    /** {@code filter.<name>.enabled}, defaulting as the rule says. */
    public static ConfigKey<Boolean> enabledKey(Rule rule) {
        return ConfigKey.bool("filter." + rule.name() + ".enabled", rule.enabledByDefault(), "Rule " + rule.name()
                + " (" + rule.stage().name().toLowerCase(Locale.ROOT) + " stage): " + rule.description() + ".");
    }

    /**
     * Every key of every rule, and the preset: what an offline run of the filter reads. A key a preset sets says
     * so in its doc.
     */
    public static List<ConfigKey<?>> keys() {
        List<ConfigKey<?>> keys = new ArrayList<>();
        keys.add(PRESET);
        for (Rule rule : ALL) {
            keys.add(withPresets(rule, enabledKey(rule)));
            rule.settings().forEach(key -> keys.add(withPresets(rule, key)));
        }
        return keys;
    }

    private static ConfigKey<?> withPresets(Rule rule, ConfigKey<?> key) {
        List<String> values = new ArrayList<>();
        for (String preset : PRESETS) {
            String value = rule.presets().getOrDefault(preset, Map.of()).get(key.name());
            if (value != null) {
                values.add(preset + ": " + value);
            }
        }
        return values.isEmpty() ? key : key.withMoreDoc("Preset " + String.join("; preset ", values) + ".");
    }

    /** The settings of {@code rule} from {@code source}, under the preset {@code source} names. */
    public static RuleSettings settings(Rule rule, ConfigSource source) {
        return new RuleSettings(rule, source, source.get(PRESET));
    }

    /** Whether {@code rule} is on, in {@code source} under its preset. */
    public static boolean enabled(Rule rule, ConfigSource source) {
        return settings(rule, source).get(enabledKey(rule));
    }

    /**
     * A canonical text of the enabled rules, the version of their logic and their settings, in order: what the
     * configuration version is a hash of.
     */
    public static String describe(ConfigSource source) {
        return describe(ALL, source);
    }

    static String describe(List<Rule> rules, ConfigSource source) {
        StringBuilder text = new StringBuilder();
        for (Rule rule : rules) {
            if (!enabled(rule, source)) {
                continue;
            }
            RuleSettings settings = settings(rule, source);
            text.append(rule.name()).append('@').append(rule.logicVersion());
            for (ConfigKey<?> key : rule.settings()) {
                text.append(',').append(key.name().substring(("filter." + rule.name() + ".").length())).append('=')
                        .append(settings.raw(key));
            }
            text.append(';');
        }
        return text.toString();
    }

    private static List<Rule> load() {
        List<Rule> rules = new ArrayList<>();
        ServiceLoader.load(Rule.class, Rules.class.getClassLoader()).forEach(rules::add);
        return ordered(rules);
    }

    /** {@code found} in stage and rule order, after checking that names are unique and keys carry their prefix. */
    static List<Rule> ordered(List<Rule> found) {
        List<Rule> rules = new ArrayList<>(found);
        rules.sort(Comparator.comparing(Rule::stage).thenComparingInt(Rule::order).thenComparing(Rule::name));
        Set<String> names = new HashSet<>();
        for (Rule rule : rules) {
            if (!names.add(rule.name())) {
                throw new ConfigException("two filter rules are named " + rule.name());
            }
            if (!NAME.matcher(rule.name()).matches()) {
                throw new ConfigException("filter rule name '" + rule.name() + "' is not lower-case words joined by '-'");
            }
            String prefix = "filter." + rule.name() + ".";
            for (ConfigKey<?> key : rule.settings()) {
                if (!key.name().startsWith(prefix)) {
                    throw new ConfigException("rule " + rule.name() + " has a setting outside " + prefix + "*: "
                            + key.name());
                }
            }
            rule.presets().forEach((preset, values) -> {
                if (!PRESETS.contains(preset)) {
                    throw new ConfigException("rule " + rule.name() + " names an unknown preset " + preset
                            + "; presets: " + PRESETS);
                }
                Set<String> own = new HashSet<>();
                own.add(enabledKey(rule).name());
                rule.settings().forEach(key -> own.add(key.name()));
                values.keySet().stream().filter(key -> !own.contains(key)).findFirst().ifPresent(key -> {
                    throw new ConfigException("rule " + rule.name() + " sets " + key + " in preset " + preset
                            + ", which is not one of its keys " + own);
                });
            });
        }
        return List.copyOf(rules);
    }
}
