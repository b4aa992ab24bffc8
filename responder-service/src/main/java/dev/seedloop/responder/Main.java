package dev.seedloop.responder;

import dev.seedloop.llm.CostMeter;
import dev.seedloop.llm.LlmClient;
import dev.seedloop.llm.LlmGateway;
import dev.seedloop.runtime.config.ConfigSource;
import dev.seedloop.runtime.kafka.KafkaClients;
import dev.seedloop.runtime.kafka.TopicProvisioner;
import dev.seedloop.runtime.lifecycle.ServiceRunner;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Composition root of the responder: consumer, transactional producer, LLM client, response loop. */
public final class Main {

    /** Name of the service in logs and metrics. */
    public static final String SERVICE = "responder-service";

    private static final Logger LOGGER = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    /** The stage alone, as its lean image runs it: configured by the environment, no arguments but its name. */
    public static void main(String[] args) throws Exception {
        if (!ServiceRunner.acceptsArguments("responder", args)) {
            System.exit(ServiceRunner.CONFIG_ERROR);
        }
        System.exit(run(ConfigSource.fromEnvironment()));
    }

    /** Runs the service until it stops; returns the exit status. */
    public static int run(ConfigSource source) throws Exception {
        return ServiceRunner.run(SERVICE, source, ResponderConfig.keys(), ResponderConfig::from, Main::start);
    }

    /** Builds every part, checks the LLM endpoint once (a warning if it fails: calls are retried) and starts. */
    public static ResponseStage start(ResponderConfig config, MeterRegistry registry) {
        return start(config, registry, new CostMeter(config.llm().prices(), registry));
    }

    /** As {@link #start(ResponderConfig, MeterRegistry)}, counting cost in {@code costs}. */
    public static ResponseStage start(ResponderConfig config, MeterRegistry registry, CostMeter costs) {
        KafkaClients clients = new KafkaClients(config.kafka());
        TopicProvisioner.provision(clients, SERVICE);
        LlmClient llm = LlmClient.create(config.llm());
        try {
            llm.checkReachable(Duration.ofSeconds(30));
        } catch (RuntimeException e) {
            LOGGER.warn("{}; requests will be retried", e.getMessage());
        }
        LOGGER.info("responder LLM: {}", config.llm());
        Map<String, Object> consumerConfig = clients.consumer(SERVICE, config.groupId());
        consumerConfig.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Math.max(16, config.llm().concurrency() * 2));
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(),
                new ByteArrayDeserializer());
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                clients.transactionalProducer(SERVICE, config.transactionalId()), new ByteArraySerializer(),
                new ByteArraySerializer());
        ResponseStage stage = new ResponseStage(config, consumer, producer,
                new LlmGateway(ResponseStage.STAGE, llm, costs, registry), registry);
        stage.start();
        return stage;
    }
}
