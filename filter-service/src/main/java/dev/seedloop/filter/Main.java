package dev.seedloop.filter;

import dev.seedloop.runtime.config.ConfigSource;
import dev.seedloop.runtime.kafka.KafkaClients;
import dev.seedloop.runtime.kafka.StreamsApp;
import dev.seedloop.runtime.kafka.TopicProvisioner;
import dev.seedloop.runtime.lifecycle.ServiceRunner;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Composition root of filter-service: configuration from the environment, topics, topology, Streams. */
public final class Main {

    /** Name of the service in logs, metrics and dead letters. */
    public static final String SERVICE = "filter-service";

    private static final Logger LOGGER = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    /** The stage alone, as its lean image runs it: configured by the environment, no arguments but its name. */
    public static void main(String[] args) throws Exception {
        if (!ServiceRunner.acceptsArguments("filter", args)) {
            System.exit(ServiceRunner.CONFIG_ERROR);
        }
        System.exit(run(ConfigSource.fromEnvironment()));
    }

    /** Runs the service until it stops; returns the exit status. */
    public static int run(ConfigSource source) throws Exception {
        return ServiceRunner.run(SERVICE, source, FilterConfig.keys(), FilterConfig::from, Main::start);
    }

    /** Provisions the topics and starts the filter topology. */
    public static StreamsApp start(FilterConfig config, MeterRegistry registry) {
        KafkaClients clients = new KafkaClients(config.kafka());
        TopicProvisioner.provision(clients, SERVICE);
        LOGGER.info("filter rules version={} rules={}", config.rules().version(), config.rules().description());
        Properties properties = clients.streams(config.applicationId(), config.stateDir(), SERVICE);
        properties.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, config.standbyReplicas());
        return StreamsApp.start(SERVICE,
                FilterTopology.build(config.rules(), config.kafka().topics(), registry),
                properties, registry);
    }
}
