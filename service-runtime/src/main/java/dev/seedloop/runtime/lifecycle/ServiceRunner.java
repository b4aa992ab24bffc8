package dev.seedloop.runtime.lifecycle;

import dev.seedloop.runtime.config.ConfigException;
import dev.seedloop.runtime.config.ConfigKey;
import dev.seedloop.runtime.config.ConfigSource;
import dev.seedloop.runtime.config.HttpSettings;
import dev.seedloop.runtime.health.HealthServer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Collection;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process concerns every service's {@code Main} shares: log the configuration (secrets masked), serve
 * health and metrics, stop everything in reverse order on shutdown, and block until the service stops.
 */
public final class ServiceRunner {

    private static final Logger LOGGER = LoggerFactory.getLogger(ServiceRunner.class);

    private ServiceRunner() {
    }

    /** Exit status when the configuration is invalid. */
    public static final int CONFIG_ERROR = 2;

    /**
     * The arguments a service's own {@code main} takes: none, or the stage's command name (what
     * {@code seedloop <stage>} and the Kubernetes manifests pass), so a stage's lean image runs with the same
     * arguments as the whole command's image. Anything else is printed as a usage error; returns whether to go on.
     */
    public static boolean acceptsArguments(String stage, String[] args) {
        if (args.length == 0 || (args.length == 1 && args[0].equals(stage))) {
            return true;
        }
        System.err.println("this is the " + stage + " stage alone: it takes no arguments but its name ('" + stage
                + "'), not '" + String.join(" ", args) + "'. Configure it with environment variables (SEEDLOOP_*; "
                + "'seedloop config " + stage + "' lists them); the whole seedloop command is the seedloop image.");
        return false;
    }

    /**
     * Reads the configuration with {@code parse} (an invalid one is logged and ends with {@link #CONFIG_ERROR}),
     * then runs the service {@code start} builds from it until the service stops or the JVM shuts down.
     *
     * @return the process exit status: 0 after a clean stop, 1 when the service failed, 2 for bad configuration
     */
    public static <C> int run(String name, ConfigSource source, Collection<ConfigKey<?>> keys,
            Function<ConfigSource, C> parse, BiFunction<C, PrometheusMeterRegistry, RunningService> start)
            throws Exception {
        C config;
        try {
            config = parse.apply(source);
        } catch (ConfigException e) {
            LOGGER.error("{}: configuration error: {}", name, e.getMessage());
            return CONFIG_ERROR;
        }
        LOGGER.info("{} starting with configuration:", name);
        source.describe(keys).forEach(line -> LOGGER.info("  {}", line));
        PrometheusMeterRegistry registry = newRegistry(name);
        StopSequence stops = new StopSequence(name);
        stops.closeOnShutdown();
        RunningService service = stops.add(name, start.apply(config, registry));
        HttpSettings http = HttpSettings.from(source);
        if (http.enabled()) {
            stops.add("health-and-metrics", HealthServer.start(http, registry, service::isAlive, service::isReady));
        }
        service.awaitStop();
        boolean failed = !service.isAlive();
        stops.close();
        LOGGER.info("{} stopped{}", name, failed ? " after a failure" : "");
        return failed ? 1 : 0;
    }

    /** A Prometheus registry with the JVM binders and a common {@code service} tag. */
    public static PrometheusMeterRegistry newRegistry(String service) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().commonTags("service", service);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        return registry;
    }
}
