package dev.seedloop.runtime.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * Raw configuration text from, in rising precedence: key defaults, a properties file, the environment and
 * explicit overrides (command-line flags). Typed values come out through {@link #get(ConfigKey)}.
 */
public final class ConfigSource {

    /** Environment variable naming an optional properties file. */
    public static final String CONFIG_FILE_ENV = "SEEDLOOP_CONFIG_FILE";

    private final Map<String, String> environment;
    private final Map<String, String> file;
    private final Optional<Path> filePath;
    private final Map<String, String> overrides;

    private ConfigSource(Map<String, String> environment, Map<String, String> file, Optional<Path> filePath,
            Map<String, String> overrides) {
        this.environment = Map.copyOf(environment);
        this.file = Map.copyOf(file);
        this.filePath = filePath;
        this.overrides = Map.copyOf(overrides);
    }

    /** The process environment, plus the file named by SEEDLOOP_CONFIG_FILE if set. */
    public static ConfigSource fromEnvironment() {
        Map<String, String> env = System.getenv();
        String file = env.get(CONFIG_FILE_ENV);
        return of(env, file == null || file.isBlank() ? Optional.empty() : Optional.of(Path.of(file)), Map.of());
    }

    /** An explicit environment, optional properties file and overrides (dotted key names). */
    public static ConfigSource of(Map<String, String> environment, Optional<Path> file,
            Map<String, String> overrides) {
        return new ConfigSource(environment, file.map(ConfigSource::readProperties).orElse(Map.of()), file,
                overrides);
    }

    /** Only the given values (dotted names) over the defaults: for tests and embedded use. */
    public static ConfigSource ofValues(Map<String, String> values) {
        return new ConfigSource(Map.of(), Map.of(), Optional.empty(), values);
    }

    /** This source with {@code more} overrides on top. */
    public ConfigSource withOverrides(Map<String, String> more) {
        Map<String, String> merged = new LinkedHashMap<>(overrides);
        merged.putAll(more);
        return new ConfigSource(environment, file, filePath, merged);
    }

    /** The typed value of {@code key}; throws {@link ConfigException} naming the key when it is invalid. */
    public <T> T get(ConfigKey<T> key) {
        Resolved resolved = resolve(key);
        return key.parse(resolved.raw(), resolved.origin());
    }

    /** The text {@code key} resolves to, before parsing (its default when nothing sets it). */
    public String raw(ConfigKey<?> key) {
        return resolve(key).raw();
    }

    /** Where the value of {@code key} comes from: override, an environment variable, the file or the default. */
    public String originOf(ConfigKey<?> key) {
        return resolve(key).origin();
    }

    /**
     * Fails when the file or the overrides name a key none of {@code known} has: a typo must not silently
     * leave a default in place.
     */
    public void rejectUnknown(Collection<ConfigKey<?>> known) {
        Set<String> names = new HashSet<>();
        known.forEach(key -> names.add(key.name()));
        Set<String> unknown = new TreeSet<>();
        file.keySet().stream().filter(name -> !names.contains(name)).forEach(unknown::add);
        overrides.keySet().stream().filter(name -> !names.contains(name)).forEach(unknown::add);
        if (!unknown.isEmpty()) {
            throw new ConfigException("unknown configuration key(s) " + unknown
                    + filePath.map(p -> " in " + p).orElse("") + "; known keys: " + new TreeSet<>(names));
        }
    }

    /**
     * Fails when the file, the overrides or the environment set a key that was renamed or removed (name to what to
     * set instead): an upgraded service must not silently ignore a setting its operator relies on.
     */
    public void rejectRenamed(Map<String, String> renamed) {
        Set<String> found = new TreeSet<>();
        renamed.forEach((name, instead) -> {
            String env = "SEEDLOOP_" + name.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
            if (file.containsKey(name) || overrides.containsKey(name)) {
                found.add(name + " is no longer read: " + instead);
            } else if (environment.containsKey(env)) {
                found.add(env + " (" + name + ") is no longer read: " + instead);
            }
        });
        if (!found.isEmpty()) {
            throw new ConfigException(String.join("; ", found) + filePath.map(p -> " (file " + p + ")").orElse(""));
        }
    }

    /** One line per key, "name = value (origin)", with secrets masked: what a service logs at start. */
    public List<String> describe(Collection<ConfigKey<?>> keys) {
        List<String> lines = new ArrayList<>();
        for (ConfigKey<?> key : keys) {
            Resolved resolved = resolve(key);
            String shown = key.secret() ? (resolved.raw().isEmpty() ? "<not set>" : "<secret>") : resolved.raw();
            lines.add(key.name() + " = " + shown + " (" + resolved.origin() + ")");
        }
        return lines;
    }

    private Resolved resolve(ConfigKey<?> key) {
        if (overrides.containsKey(key.name())) {
            return new Resolved(overrides.get(key.name()), "override");
        }
        for (String env : key.envNames()) {
            String value = environment.get(env);
            if (value != null) {
                return new Resolved(value, "env " + env);
            }
        }
        if (file.containsKey(key.name())) {
            return new Resolved(file.get(key.name()), "file " + filePath.map(Path::toString).orElse(""));
        }
        return new Resolved(key.defaultValue(), "default");
    }

    private static Map<String, String> readProperties(Path path) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new ConfigException("cannot read configuration file " + path + ": " + e.getMessage(), e);
        }
        Map<String, String> values = new LinkedHashMap<>();
        properties.stringPropertyNames().forEach(name -> values.put(name, properties.getProperty(name)));
        return values;
    }

    private record Resolved(String raw, String origin) {
    }
}
