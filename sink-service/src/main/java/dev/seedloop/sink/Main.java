package dev.seedloop.sink;

import dev.seedloop.runtime.config.ConfigException;
import dev.seedloop.runtime.config.ConfigSource;
import dev.seedloop.runtime.kafka.KafkaClients;
import dev.seedloop.runtime.kafka.StreamsApp;
import dev.seedloop.runtime.kafka.TopicProvisioner;
import dev.seedloop.runtime.lifecycle.RunningService;
import dev.seedloop.runtime.lifecycle.ServiceRunner;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Composition root of sink-service: topics, the optional JSONL file, the topology, Streams. */
public final class Main {

    /** Name of the service in logs, metrics and dead letters. */
    public static final String SERVICE = "sink-service";

    private static final Logger LOGGER = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(ConfigSource.fromEnvironment()));
    }

    /** Runs the service until it stops; returns the exit status. */
    public static int run(ConfigSource source) throws Exception {
        SinkConfig config;
        try {
            config = SinkConfig.from(source);
        } catch (ConfigException e) {
            LOGGER.error("configuration error: {}", e.getMessage());
            return 2;
        }
        return ServiceRunner.run(SERVICE, source, SinkConfig.keys(), registry -> start(config, registry));
    }

    /** Provisions the topics and starts the sink topology; closing the result also closes the JSONL file. */
    public static RunningService start(SinkConfig config, MeterRegistry registry) {
        KafkaClients clients = new KafkaClients(config.kafka());
        TopicProvisioner.provision(clients, SERVICE);
        Optional<JsonlAppender> jsonl = config.jsonlPath().map(JsonlAppender::new);
        StreamsApp app = StreamsApp.start(SERVICE, SinkTopology.build(config.kafka().topics(), jsonl),
                clients.streams(config.applicationId(), config.stateDir(), SERVICE), registry);
        return new RunningService() {
            @Override
            public boolean isAlive() {
                return app.isAlive();
            }

            @Override
            public boolean isReady() {
                return app.isReady();
            }

            @Override
            public void awaitStop() throws InterruptedException {
                app.awaitStop();
            }

            @Override
            public void close() {
                app.close();
                jsonl.ifPresent(JsonlAppender::close);
            }
        };
    }
}
