package dev.seedloop.generator;

import dev.seedloop.runtime.config.ConfigException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.regex.Pattern;

/**
 * The generation methods on the class path, found with {@link ServiceLoader}: {@code generator.method}, the demo's
 * {@code --method}, its help and the configuration reference all read this one list.
 */
public final class GenerationMethods {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");
    private static final Map<String, GenerationMethod> ALL = load();

    private GenerationMethods() {
    }

    /** Every method, by name. */
    public static List<GenerationMethod> all() {
        return List.copyOf(ALL.values());
    }

    public static List<String> names() {
        return List.copyOf(ALL.keySet());
    }

    /** The method called {@code name}; a {@link ConfigException} naming the ones there are otherwise. */
    public static GenerationMethod named(String name) {
        GenerationMethod method = ALL.get(name);
        if (method == null) {
            throw new ConfigException("unknown generation method '" + name + "': use one of "
                    + String.join(", ", ALL.keySet()));
        }
        return method;
    }

    private static Map<String, GenerationMethod> load() {
        List<GenerationMethod> found = new ArrayList<>();
        ServiceLoader.load(GenerationMethod.class, GenerationMethods.class.getClassLoader()).forEach(found::add);
        return check(found);
    }

    /** The methods by name, sorted; a name that is not one, or one taken twice, stops the service at start. */
    static Map<String, GenerationMethod> check(List<GenerationMethod> methods) {
        Map<String, GenerationMethod> byName = new LinkedHashMap<>();
        methods.stream().sorted(Comparator.comparing(GenerationMethod::name)).forEach(method -> {
            if (!NAME.matcher(method.name()).matches()) {
                throw new IllegalStateException(method.getClass().getName() + " is called '" + method.name()
                        + "': a method name is lower-case words joined by '-'");
            }
            if (method.instanceSource() == null) {
                throw new IllegalStateException(method.name() + " does not say how its instructions get instances");
            }
            GenerationMethod taken = byName.putIfAbsent(method.name(), method);
            if (taken != null) {
                throw new IllegalStateException("two generation methods are called '" + method.name() + "': "
                        + taken.getClass().getName() + " and " + method.getClass().getName());
            }
        });
        if (byName.isEmpty()) {
            throw new IllegalStateException("no generation method on the class path (META-INF/services/"
                    + GenerationMethod.class.getName() + ")");
        }
        return byName;
    }
}
