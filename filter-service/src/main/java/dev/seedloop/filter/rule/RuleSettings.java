package dev.seedloop.filter.rule;

import dev.seedloop.runtime.config.ConfigKey;
import dev.seedloop.runtime.config.ConfigSource;
import java.util.Optional;

/**
 * A rule's settings as the filter reads them: the value given (an override, the environment or the file), else the
 * value of the preset in force where the rule gives it one, else the key's default.
 */
public final class RuleSettings {

    private final Rule rule;
    private final ConfigSource source;
    private final String preset;

    RuleSettings(Rule rule, ConfigSource source, String preset) {
        this.rule = rule;
        this.source = source;
        this.preset = preset;
    }

    public <T> T get(ConfigKey<T> key) {
        String presetValue = presetValue(key.name());
        if (presetValue != null && "default".equals(source.originOf(key))) {
            return source.get(key.withDefault(presetValue));
        }
        return source.get(key);
    }

    /** The text a key resolves to, for the configuration version. */
    String raw(ConfigKey<?> key) {
        String presetValue = presetValue(key.name());
        if (presetValue != null && "default".equals(source.originOf(key))) {
            return presetValue;
        }
        return source.raw(key);
    }

    private String presetValue(String key) {
        return Optional.ofNullable(rule.presets().get(preset)).map(values -> values.get(key)).orElse(null);
    }
}
