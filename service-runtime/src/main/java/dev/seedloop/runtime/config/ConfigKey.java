package dev.seedloop.runtime.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * One configuration key: its dotted name, environment variable(s), default, a one-line doc and the parser that
 * turns the raw text into a typed value (and rejects bad text with a reason).
 *
 * @param defaultValue raw default text; parsed like any other value, so a default is always valid
 * @param secret       masked whenever the value is printed or logged
 * @param envAliases   further environment variables read when the primary one is unset (e.g. OPENAI_API_KEY)
 */
public record ConfigKey<T>(
        String name,
        String doc,
        String defaultValue,
        Function<String, T> parser,
        boolean secret,
        List<String> envAliases) {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)+");

    public ConfigKey {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(doc, "doc");
        Objects.requireNonNull(defaultValue, "defaultValue");
        Objects.requireNonNull(parser, "parser");
        envAliases = List.copyOf(envAliases);
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("config key '" + name + "' is not of the form group.name");
        }
    }

    /** The primary environment variable: SEEDLOOP_ + the name in upper case, with . and - as _. */
    public String envName() {
        return "SEEDLOOP_" + name.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** Every environment variable the key is read from, primary first. */
    public List<String> envNames() {
        List<String> names = new ArrayList<>();
        names.add(envName());
        names.addAll(envAliases);
        return names;
    }

    /** The same key with another default (a service may default differently from another). */
    public ConfigKey<T> withDefault(String newDefault) {
        return new ConfigKey<>(name, doc, newDefault, parser, secret, envAliases);
    }

    /** The same key with {@code more} appended to its doc. */
    public ConfigKey<T> withMoreDoc(String more) {
        return new ConfigKey<>(name, doc + " " + more, defaultValue, parser, secret, envAliases);
    }

    /** The same key also read from {@code aliases}. */
    public ConfigKey<T> withEnvAliases(String... aliases) {
        List<String> all = new ArrayList<>(envAliases);
        all.addAll(Arrays.asList(aliases));
        return new ConfigKey<>(name, doc, defaultValue, parser, secret, all);
    }

    /** Parses {@code raw}; a bad value becomes a {@link ConfigException} naming this key. */
    T parse(String raw, String origin) {
        try {
            return parser.apply(raw.strip());
        } catch (RuntimeException e) {
            throw new ConfigException("invalid value for " + name + " (" + origin + "): "
                    + (secret ? "<secret>" : "'" + raw + "'") + ": " + e.getMessage(), e);
        }
    }

    public static ConfigKey<String> string(String name, String defaultValue, String doc) {
        return new ConfigKey<>(name, doc, defaultValue, raw -> raw, false, List.of());
    }

    /** A string that must not be empty. */
    public static ConfigKey<String> required(String name, String defaultValue, String doc) {
        return new ConfigKey<>(name, doc, defaultValue, raw -> {
            if (raw.isEmpty()) {
                throw new IllegalArgumentException("must not be empty");
            }
            return raw;
        }, false, List.of());
    }

    /** A string that is never printed; an empty default means "not set". */
    public static ConfigKey<String> secret(String name, String doc) {
        return new ConfigKey<>(name, doc, "", raw -> raw, true, List.of());
    }

    public static ConfigKey<Optional<String>> optional(String name, String doc) {
        return new ConfigKey<>(name, doc, "", raw -> raw.isEmpty() ? Optional.empty() : Optional.of(raw), false,
                List.of());
    }

    public static ConfigKey<Integer> integer(String name, int defaultValue, int min, int max, String doc) {
        return new ConfigKey<>(name, doc, Integer.toString(defaultValue), raw -> {
            int value;
            try {
                value = Integer.parseInt(raw);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not an integer");
            }
            if (value < min || value > max) {
                throw new IllegalArgumentException("must be between " + min + " and " + max);
            }
            return value;
        }, false, List.of());
    }

    public static ConfigKey<Long> longInteger(String name, long defaultValue, long min, long max, String doc) {
        return new ConfigKey<>(name, doc, Long.toString(defaultValue), raw -> {
            long value;
            try {
                value = Long.parseLong(raw);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not an integer");
            }
            if (value < min || value > max) {
                throw new IllegalArgumentException("must be between " + min + " and " + max);
            }
            return value;
        }, false, List.of());
    }

    public static ConfigKey<Double> decimal(String name, double defaultValue, double min, double max, String doc) {
        return new ConfigKey<>(name, doc, Double.toString(defaultValue), raw -> {
            double value;
            try {
                value = Double.parseDouble(raw);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a number");
            }
            if (!(value >= min && value <= max)) {
                throw new IllegalArgumentException("must be between " + min + " and " + max);
            }
            return value;
        }, false, List.of());
    }

    public static ConfigKey<Boolean> bool(String name, boolean defaultValue, String doc) {
        return new ConfigKey<>(name, doc, Boolean.toString(defaultValue), raw -> switch (raw.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1", "on" -> true;
            case "false", "no", "0", "off" -> false;
            default -> throw new IllegalArgumentException("not a boolean (true/false)");
        }, false, List.of());
    }

    /** An ISO-8601 duration (PT30S) or a number with a unit: 250ms, 30s, 5m, 2h, 7d. */
    public static ConfigKey<Duration> duration(String name, String defaultValue, String doc) {
        return new ConfigKey<>(name, doc, defaultValue, ConfigKey::parseDuration, false, List.of());
    }

    public static ConfigKey<Path> path(String name, String defaultValue, String doc) {
        return new ConfigKey<>(name, doc, defaultValue, raw -> {
            if (raw.isEmpty()) {
                throw new IllegalArgumentException("must not be empty");
            }
            return Path.of(raw);
        }, false, List.of());
    }

    public static ConfigKey<Optional<Path>> optionalPath(String name, String doc) {
        return new ConfigKey<>(name, doc, "", raw -> raw.isEmpty() ? Optional.empty() : Optional.of(Path.of(raw)),
                false, List.of());
    }

    /** An absolute http(s) URL. */
    public static ConfigKey<URI> url(String name, String defaultValue, String doc) {
        return new ConfigKey<>(name, doc, defaultValue, raw -> {
            URI uri;
            try {
                uri = new URI(raw);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("not a URL");
            }
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new IllegalArgumentException("must be an absolute http(s) URL");
            }
            return uri;
        }, false, List.of());
    }

    /** A comma-separated list; blank items are dropped. */
    public static ConfigKey<List<String>> list(String name, String defaultValue, String doc) {
        return new ConfigKey<>(name, doc, defaultValue, raw -> Arrays.stream(raw.split(","))
                .map(String::strip).filter(item -> !item.isEmpty()).toList(), false, List.of());
    }

    public static <E extends Enum<E>> ConfigKey<E> enumeration(String name, E defaultValue, Class<E> type,
            String doc) {
        return new ConfigKey<>(name, doc, defaultValue.name().toLowerCase(Locale.ROOT).replace('_', '-'), raw -> {
            String wanted = raw.toUpperCase(Locale.ROOT).replace('-', '_');
            for (E constant : type.getEnumConstants()) {
                if (constant.name().equals(wanted)) {
                    return constant;
                }
            }
            throw new IllegalArgumentException("must be one of " + Arrays.stream(type.getEnumConstants())
                    .map(c -> c.name().toLowerCase(Locale.ROOT).replace('_', '-')).toList());
        }, false, List.of());
    }

    static Duration parseDuration(String raw) {
        if (raw.startsWith("P") || raw.startsWith("p")) {
            try {
                return requireNotNegative(Duration.parse(raw));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("not an ISO-8601 duration");
            }
        }
        var matcher = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)").matcher(raw.toLowerCase(Locale.ROOT));
        if (!matcher.matches()) {
            throw new IllegalArgumentException("not a duration (examples: 250ms, 30s, 5m, 2h, 7d, PT30S)");
        }
        long amount = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
    }

    private static Duration requireNotNegative(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("must not be negative");
        }
        return duration;
    }
}
