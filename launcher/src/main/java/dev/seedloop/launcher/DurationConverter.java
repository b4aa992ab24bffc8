package dev.seedloop.launcher;

import dev.seedloop.runtime.config.ConfigException;
import dev.seedloop.runtime.config.ConfigKey;
import dev.seedloop.runtime.config.ConfigSource;
import java.time.Duration;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.ITypeConverter;

/** Reads durations as configuration does: 250ms, 30s, 5m, 2h, 7d or ISO-8601. */
final class DurationConverter implements ITypeConverter<Duration> {

    private static final ConfigKey<Duration> KEY = ConfigKey.duration("cli.duration", "0s", "A duration.");

    @Override
    public Duration convert(String value) {
        try {
            return ConfigSource.ofValues(Map.of(KEY.name(), value)).get(KEY);
        } catch (ConfigException e) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a duration: give a number with a "
                    + "unit, such as 250ms, 30s, 5m, 2h or 7d");
        }
    }
}
