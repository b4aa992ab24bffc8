package dev.seedloop.generator;

import dev.seedloop.embedding.InstructionEmbedder;
import dev.seedloop.llm.CostMeter;
import dev.seedloop.llm.LlmClient;
import dev.seedloop.llm.LlmGateway;
import dev.seedloop.llm.RemoteEmbedder;
import dev.seedloop.runtime.config.ConfigSource;
import dev.seedloop.runtime.kafka.ConsumerLag;
import dev.seedloop.runtime.kafka.KafkaClients;
import dev.seedloop.runtime.kafka.TopicProvisioner;
import dev.seedloop.runtime.lifecycle.ServiceRunner;
import dev.seedloop.schemas.TopicRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Composition root of generator-service: pool view, LLM client, producer, backlog probe, candidate vectors,
 * generation loop.
 */
public final class Main {

    /** Name of the service in logs and metrics. */
    public static final String SERVICE = "generator-service";

    private static final Logger LOGGER = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    /** The stage alone, as its lean image runs it: configured by the environment, no arguments but its name. */
    public static void main(String[] args) throws Exception {
        if (!ServiceRunner.acceptsArguments("generator", args)) {
            System.exit(ServiceRunner.CONFIG_ERROR);
        }
        System.exit(run(ConfigSource.fromEnvironment()));
    }

    /** Runs the service until it stops; returns the exit status. */
    public static int run(ConfigSource source) throws Exception {
        return ServiceRunner.run(SERVICE, source, GeneratorConfig.keys(), GeneratorConfig::from, Main::start);
    }

    /** Builds every part, checks the LLM endpoint once (a warning if it fails: calls are retried) and starts. */
    public static GeneratorService start(GeneratorConfig config, MeterRegistry registry) {
        return start(config, registry, new CostMeter(config.llm().prices(), registry));
    }

    /**
     * As {@link #start(GeneratorConfig, MeterRegistry)}, counting cost in {@code costs}: a meter shared by the
     * stages of one process makes {@code generator.max-cost} a budget for all of them.
     */
    public static GeneratorService start(GeneratorConfig config, MeterRegistry registry, CostMeter costs) {
        return start(config, registry, costs, GenerationTarget.NONE);
    }

    /**
     * As {@link #start(GeneratorConfig, MeterRegistry, CostMeter)}, writing no more candidates than {@code target}
     * has room for: how a run with a target (the demo's {@code --examples}) stops at it.
     */
    public static GeneratorService start(GeneratorConfig config, MeterRegistry registry, CostMeter costs,
            GenerationTarget target) {
        return start(config, registry, costs, target, null);
    }

    /**
     * As {@link #start(GeneratorConfig, MeterRegistry, CostMeter, GenerationTarget)}, embedding candidates with
     * {@code embedder} when it is of the configured model (a process that loaded the model already hands it over;
     * the generator closes it when it stops), otherwise with an embedder of its own.
     */
    public static GeneratorService start(GeneratorConfig config, MeterRegistry registry, CostMeter costs,
            GenerationTarget target, InstructionEmbedder embedder) {
        KafkaClients clients = new KafkaClients(config.kafka());
        TopicProvisioner.provision(clients, SERVICE);
        TopicRegistry topics = config.kafka().topics();
        LlmClient llm = LlmClient.create(config.llm());
        try {
            llm.checkReachable(Duration.ofSeconds(30));
        } catch (RuntimeException e) {
            LOGGER.warn("{}; requests will be retried", e.getMessage());
        }
        LOGGER.info("generator LLM: {}", config.llm());
        PoolView pool = new PoolView(clients, topics.pool(), registry, config.demonstrationSampler(),
                config.embedding().modelName().orElse(null));
        KafkaProducer<String, byte[]> producer = new KafkaProducer<>(clients.producer(SERVICE),
                new StringSerializer(), new ByteArraySerializer());
        BacklogProbe backlog = new BacklogProbe(Admin.create(clients.admin(SERVICE + "-backlog")), List.of(
                ConsumerLag.Watch.candidatesOf(config.filterApplicationId(), topics.candidates().name()),
                new ConsumerLag.Watch(config.responderGroupId(), topics.instructions().name())), registry);
        LlmGateway gateway = new LlmGateway(GeneratorService.STAGE, llm, costs, registry);
        Proposer proposer = config.method().proposer(new MethodContext(pool, gateway, config.language(),
                config.demonstrations(), config.machineDemonstrations()));
        Optional<InstructionEmbedder> handed = Optional.ofNullable(embedder)
                .filter(given -> config.embedding().modelName().filter(given.model()::equals).isPresent());
        CandidateVectors vectors = handed.or(() -> InstructionEmbedder.open(config.embedding(), embedding ->
                        new RemoteEmbedder(gateway, embedding.remoteModel().orElseThrow(), embedding.batchSize(), 0)))
                .map(made -> new CandidateVectors(made, registry)).orElse(null);
        LOGGER.info("candidate vectors: {}", vectors == null ? "none (embedding.provider=none)"
                : config.embedding().modelName().orElseThrow());
        GeneratorService service = new GeneratorService(config, pool, gateway, proposer, costs, producer, backlog,
                vectors, registry, target);
        pool.start();
        service.start();
        return service;
    }
}
