package dev.seedloop.sink;

import dev.seedloop.runtime.config.ConfigSource;
import dev.seedloop.runtime.kafka.KafkaClients;
import dev.seedloop.runtime.kafka.StreamsApp;
import dev.seedloop.runtime.kafka.TopicProvisioner;
import dev.seedloop.runtime.lifecycle.RunningService;
import dev.seedloop.runtime.lifecycle.ServiceRunner;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Optional;

/** Composition root of sink-service: topics, the optional JSONL file, the topology, Streams. */
public final class Main {

    /** Name of the service in logs, metrics and dead letters. */
    public static final String SERVICE = "sink-service";

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(ConfigSource.fromEnvironment()));
    }

    /** Runs the service until it stops; returns the exit status. */
    public static int run(ConfigSource source) throws Exception {
        return ServiceRunner.run(SERVICE, source, SinkConfig.keys(), SinkConfig::from, Main::start);
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
