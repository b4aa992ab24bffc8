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

    /** The stage alone, as its lean image runs it: configured by the environment, no arguments but its name. */
    public static void main(String[] args) throws Exception {
        if (!ServiceRunner.acceptsArguments("sink", args)) {
            System.exit(ServiceRunner.CONFIG_ERROR);
        }
        System.exit(run(ConfigSource.fromEnvironment()));
    }

    /** Runs the service until it stops; returns the exit status. */
    public static int run(ConfigSource source) throws Exception {
        return ServiceRunner.run(SERVICE, source, SinkConfig.keys(), SinkConfig::from, Main::start);
    }

    /**
     * Provisions the topics and starts the sink topology and, with {@code sink.jsonl-path}, the file that mirrors
     * the pool's machine-written entries; closing the result stops both, the mirror last.
     */
    public static RunningService start(SinkConfig config, MeterRegistry registry) {
        KafkaClients clients = new KafkaClients(config.kafka());
        TopicProvisioner.provision(clients, SERVICE);
        StreamsApp app = StreamsApp.start(SERVICE, SinkTopology.build(config.kafka().topics()),
                clients.streams(config.applicationId(), config.stateDir(), SERVICE), registry);
        Optional<PoolMirror> mirror = config.jsonlPath().map(path -> new PoolMirror(clients,
                config.kafka().topics().pool(), path));
        mirror.ifPresent(PoolMirror::start);
        return new RunningService() {
            @Override
            public boolean isAlive() {
                return app.isAlive() && mirror.map(PoolMirror::isAlive).orElse(true);
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
                mirror.ifPresent(PoolMirror::close);
            }
        };
    }
}
