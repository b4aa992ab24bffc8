package dev.seedloop.filter;

import dev.seedloop.filter.shard.SequencerWorker;
import dev.seedloop.filter.shard.ShardSettings;
import dev.seedloop.filter.shard.ShardWorker;
import dev.seedloop.filter.shard.ShardedJudgeTopics;
import dev.seedloop.runtime.config.ConfigSource;
import dev.seedloop.runtime.kafka.KafkaClients;
import dev.seedloop.runtime.kafka.StreamsApp;
import dev.seedloop.runtime.kafka.TopicProvisioner;
import dev.seedloop.runtime.lifecycle.RunningService;
import dev.seedloop.runtime.lifecycle.ServiceGroup;
import dev.seedloop.runtime.lifecycle.ServiceRunner;
import dev.seedloop.schemas.TopicRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
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

    /**
     * Provisions the topics and starts the filter topology; with {@code filter.shards} above 1, the topology judges
     * the responses and the sharded judge's sequencer and shards (those this process runs) judge the instructions.
     */
    public static RunningService start(FilterConfig config, MeterRegistry registry) {
        KafkaClients clients = new KafkaClients(config.kafka());
        TopicProvisioner.provision(clients, SERVICE);
        LOGGER.info("filter rules version={} rules={}", config.rules().version(), config.rules().description());
        Properties properties = clients.streams(config.applicationId(), config.stateDir(), SERVICE);
        properties.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, config.standbyReplicas());
        FilterMetrics metrics = new FilterMetrics(registry);
        metrics.expect(config.rules());
        ShardSettings sharding = config.sharding();
        TopicRegistry topics = config.kafka().topics();
        if (!sharding.sharded()) {
            return StreamsApp.start(SERVICE, FilterTopology.build(config.rules(), topics, metrics, true), properties,
                    registry);
        }
        ShardedJudgeTopics.provision(clients, topics, sharding.shards());
        LOGGER.info("instruction judge split into {} shards: this process runs shards {}{}", sharding.shards(),
                sharding.workers(), sharding.sequencer() ? " and stands for the sequencer" : "");
        List<RunningService> parts = new ArrayList<>();
        parts.add(StreamsApp.start(SERVICE, FilterTopology.build(config.rules(), topics, metrics, false), properties,
                registry));
        if (sharding.sequencer()) {
            SequencerWorker sequencer = new SequencerWorker(sharding.shards(), sharding.silence(), config.rules(),
                    new CandidateOutcomes(config.rules(), metrics), clients, topics, config.applicationId(),
                    Clock.systemUTC(), registry);
            sequencer.start();
            parts.add(sequencer);
        }
        for (int shard : sharding.workers()) {
            ShardWorker worker = new ShardWorker(shard, sharding.shards(), config.rules(), clients, topics,
                    config.applicationId(), registry);
            worker.start();
            parts.add(worker);
        }
        return new ServiceGroup(SERVICE, parts);
    }
}
