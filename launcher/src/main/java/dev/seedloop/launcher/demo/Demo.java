package dev.seedloop.launcher.demo;

import dev.seedloop.filter.FilterConfig;
import dev.seedloop.generator.GeneratorConfig;
import dev.seedloop.generator.GeneratorService;
import dev.seedloop.tools.audit.LoopAudit;
import dev.seedloop.tools.snapshot.AcknowledgedWrites;
import dev.seedloop.launcher.cluster.Cluster;
import dev.seedloop.tools.ingest.Ingest;
import dev.seedloop.tools.ingest.IngestFormat;
import dev.seedloop.llm.CostMeter;
import dev.seedloop.llm.LlmClient;
import dev.seedloop.llm.LlmSettings;
import dev.seedloop.llm.simulated.SimulatedLlmConfig;
import dev.seedloop.llm.simulated.SimulatedLlmServer;
import dev.seedloop.responder.ResponderConfig;
import dev.seedloop.embedding.EmbeddingConfig;
import dev.seedloop.embedding.EmbeddingRecords;
import dev.seedloop.embedding.InstructionEmbedder;
import dev.seedloop.launcher.Embedders;
import dev.seedloop.runtime.config.ConfigSource;
import dev.seedloop.runtime.config.HttpSettings;
import dev.seedloop.runtime.config.KafkaSettings;
import dev.seedloop.runtime.health.HealthServer;
import dev.seedloop.runtime.kafka.ConsumerLag;
import dev.seedloop.runtime.kafka.KafkaClients;
import dev.seedloop.runtime.kafka.TopicProvisioner;
import dev.seedloop.runtime.lifecycle.RunningService;
import dev.seedloop.runtime.lifecycle.ServiceRunner;
import dev.seedloop.runtime.lifecycle.StopSequence;
import dev.seedloop.schemas.TopicRegistry;
import dev.seedloop.schemas.avro.PoolEntry;
import dev.seedloop.sink.SinkConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole loop on one machine: an embedded broker in the data directory, the seed tasks in an empty pool, the
 * four stages in this process, the simulated LLM unless an OpenAI-compatible endpoint is configured, live
 * progress until the target number of examples has joined the pool, then a summary.
 */
public final class Demo {

    /** Exit status: the target was reached. */
    public static final int OK = 0;
    /** Exit status: stopped before the target (timeout or a failed stage). */
    public static final int INCOMPLETE = 1;
    /** Exit status: the configured LLM endpoint cannot be used. */
    public static final int LLM_UNAVAILABLE = 3;

    private static final Logger LOGGER = LoggerFactory.getLogger(Demo.class);
    /** After the budget stopped generation: how long the topics must stay unchanged to call the loop settled. */
    private static final Duration SETTLE_TIME = Duration.ofSeconds(5);
    /** Prices the simulator's answers like a small hosted model, so that cost and --max-cost can be tried. */
    private static final String SIMULATED_PRICE = SimulatedLlmConfig.MODEL + "=0.15/0.60";
    private static final List<String> ENDPOINT_VARIABLES = List.of("OPENAI_API_KEY", "OPENAI_BASE_URL",
            "SEEDLOOP_LLM_API_KEY", "SEEDLOOP_LLM_BASE_URL");

    private final DemoOptions options;
    private final PrintStream out;

    public Demo(DemoOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    public int run() throws Exception {
        long started = System.nanoTime();
        Path dataDir = options.dataDir().toAbsolutePath().normalize();
        StopSequence stops = new StopSequence("demo");
        stops.closeOnShutdown();
        try (stops) {
            out.println("seedloop demo: data in " + dataDir);
            // The demo owns the data directory: commands run beside it (replay, export) use its broker
            Cluster broker = stops.add("the data directory's broker", Cluster.own(dataDir, "seedloop demo", out));
            KafkaSettings kafka = KafkaSettings.forBootstrap(broker.bootstrapServers());
            KafkaClients clients = new KafkaClients(kafka);
            TopicProvisioner.provision(clients, "seedloop-demo");

            Map<String, String> llmOverrides = new HashMap<>();
            String llm = chooseLlm(stops, llmOverrides, candidatesWritten(clients, kafka.topics()));
            if (llm == null) {
                return LLM_UNAVAILABLE;
            }
            ConfigSource embedding = source(Map.of(), llmOverrides);
            // The in-process model is loaded once: it embeds the seed tasks, then the generator's candidates
            boolean inProcess = EmbeddingConfig.from(embedding).provider() == EmbeddingConfig.Provider.IN_PROCESS;
            InstructionEmbedder model = inProcess
                    ? stops.add("embedding model", Embedders.open(embedding, "seeding").orElseThrow()) : null;
            out.println("  Pool    " + startPool(clients, kafka.topics(), dataDir, embedding, model));

            LoopMonitor monitor = stops.add("loop monitor", LoopMonitor.start(clients, kafka.topics()));
            PrometheusMeterRegistry registry = ServiceRunner.newRegistry("seedloop-demo");
            // Static membership: after a crash, the next run's members take their partitions back at once
            // instead of waiting out the dead members' session timeout
            Map<String, String> common = Map.of(KafkaSettings.BOOTSTRAP_SERVERS.name(), broker.bootstrapServers(),
                    "http.port", "-1", KafkaSettings.GROUP_INSTANCE_ID.name(), "seedloop-demo");
            // One meter for the process: the cost of every stage counts against --max-cost
            CostMeter costs = new CostMeter(source(common, llmOverrides).get(LlmSettings.PRICES), registry);
            out.println("  Method  " + options.method() + options.maxCost().map(usd -> String.format(Locale.ROOT,
                    ", stops generating at %.2f USD", usd)).orElse("") + options.minQuality().map(score ->
                    String.format(Locale.ROOT, ", quality judge rejects ratings below %.1f", score)).orElse(""));

            Map<String, String> filterOverrides = new HashMap<>(Map.of("filter.state-dir",
                    dataDir.resolve("state/filter").toString()));
            options.minQuality().ifPresent(score -> {
                filterOverrides.put("filter.low-quality.enabled", "true");
                filterOverrides.put("filter.low-quality.min-score", Double.toString(score));
            });
            FilterConfig filterConfig = FilterConfig.from(source(common, filterOverrides));
            RunningService filter = stops.add("filter-service", dev.seedloop.filter.Main.start(filterConfig, registry));
            SinkConfig sinkConfig = SinkConfig.from(source(common, Map.of("sink.state-dir",
                    dataDir.resolve("state/sink").toString(), "sink.jsonl-path",
                    dataDir.resolve("examples.jsonl").toString())));
            RunningService sink = stops.add("sink-service", dev.seedloop.sink.Main.start(sinkConfig, registry));
            Map<String, String> responderOverrides = new HashMap<>(llmOverrides);
            responderOverrides.put("responder.transactional-id", "seedloop-responder-demo");
            if (options.minQuality().isPresent()) {
                responderOverrides.put("responder.quality-judge.enabled", "true");
            }
            ResponderConfig responderConfig = ResponderConfig.from(source(common, responderOverrides));
            RunningService responder = stops.add("responder-service", dev.seedloop.responder.Main.start(
                    responderConfig, registry, costs));
            Map<String, String> generatorOverrides = new HashMap<>(llmOverrides);
            generatorOverrides.put("generator.max-backlog", "200");
            generatorOverrides.put("generator.method", options.method());
            options.maxCost().ifPresent(usd -> generatorOverrides.put("generator.max-cost", Double.toString(usd)));
            // The generator writes no more candidates than the target has room for: the run ends at it
            TopicRegistry topics = kafka.topics();
            ExampleTarget target = stops.add("example target", new ExampleTarget(options.examples(), monitor,
                    Admin.create(clients.admin("seedloop-demo-target")), List.of(
                            ConsumerLag.Watch.candidatesOf(filterConfig.applicationId(), topics.candidates().name()),
                            new ConsumerLag.Watch(responderConfig.groupId(), topics.instructions().name()),
                            new ConsumerLag.Watch(filterConfig.applicationId(), topics.responses().name()),
                            new ConsumerLag.Watch(sinkConfig.applicationId(), topics.examples().name())),
                    topics.pool().name()));
            GeneratorService generator = stops.add("generator-service", dev.seedloop.generator.Main.start(
                    GeneratorConfig.from(source(common, generatorOverrides)), registry, costs, target, model));
            List<RunningService> stages = List.of(filter, sink, responder, generator);
            if (options.metricsPort().isPresent()) {
                HealthServer endpoints = stops.add("metrics endpoints", HealthServer.start(
                        new HttpSettings("127.0.0.1", options.metricsPort().get()), registry,
                        () -> stages.stream().allMatch(RunningService::isAlive),
                        () -> stages.stream().allMatch(RunningService::isReady)));
                out.println("  Metrics http://127.0.0.1:" + endpoints.port() + "/metrics (and /healthy, /ready)");
            }

            boolean reached = follow(monitor, stages, generator, started);
            if (reached && options.drain()) {
                generator.close();
                reached = drain(clients, stages, started);
            }
            out.println("stopping the loop...");
            for (RunningService stage : List.of(generator, responder, sink, filter)) {
                stage.close();
            }
            monitor.awaitCaughtUp(Duration.ofSeconds(10));
            RunSummary summary = new RunSummary(monitor.stats(), llm, generator.requestsSent(), costs.totals(),
                    generator.budgetReached(), Duration.ofNanos(System.nanoTime() - started), reached,
                    options.examples(), dataDir);
            out.println(summary.describe());
            if (options.summaryJson().isPresent()) {
                summary.write(options.summaryJson().get());
                out.println("summary written to " + options.summaryJson().get().toAbsolutePath());
            }
            return reached || generator.budgetReached() ? OK : INCOMPLETE;
        }
    }

    /**
     * With the generator stopped, waits until every candidate has its verdict, every accepted instruction its
     * outcome and every example its pool record (true), or a stage failed or the timeout passed (false).
     */
    private boolean drain(KafkaClients clients, List<RunningService> stages, long started)
            throws InterruptedException {
        out.println("draining: the generator stopped; waiting for the work in flight to finish");
        LoopAudit audit = new LoopAudit(clients, 0.7);
        long deadline = started + options.timeout().toNanos();
        long lastShown = System.nanoTime();
        while (true) {
            LoopAudit.Report report = audit.run(false);
            long waiting = report.waiting();
            if (waiting > 0 && System.nanoTime() - lastShown > ProgressDisplay.PLAIN_EVERY.toNanos()) {
                out.printf(Locale.ROOT, "  ... %d candidates wait for a verdict, %d accepted instructions for an "
                        + "answer, %d examples for the pool%n", report.waitingForVerdict(), report.waitingForOutcome(),
                        report.waitingForPool());
                lastShown = System.nanoTime();
            }
            if (waiting == 0) {
                out.println("drained: every candidate judged, every accepted instruction answered");
                return true;
            }
            for (RunningService stage : stages) {
                if (!stage.isAlive() && !(stage instanceof GeneratorService)) {
                    out.println("a stage failed while draining; see " + options.dataDir().resolve(
                            "logs/seedloop.log"));
                    return false;
                }
            }
            if (System.nanoTime() > deadline) {
                out.println("timed out draining with " + waiting + " records in flight");
                return false;
            }
            Thread.sleep(1000);
        }
    }

    /**
     * Shows progress until enough examples joined the pool (true), or until the budget stopped generation and
     * what was in flight has settled, a stage failed, or the timeout passed (false).
     */
    private boolean follow(LoopMonitor monitor, List<RunningService> stages, GeneratorService generator,
            long started) throws InterruptedException {
        long deadline = started + options.timeout().toNanos();
        LoopStats settled = null;
        long settledSince = 0;
        try (ProgressDisplay display = ProgressDisplay.on(out)) {
            while (true) {
                LoopStats stats = monitor.stats();
                Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
                display.show(stats, options.examples(), elapsed);
                if (stats.examplesJoined() >= options.examples()) {
                    display.finish(stats, options.examples(), elapsed);
                    return true;
                }
                if (generator.budgetReached() && generator.ended()) {
                    if (!stats.equals(settled)) {
                        settled = stats;
                        settledSince = System.nanoTime();
                    } else if (System.nanoTime() - settledSince > SETTLE_TIME.toNanos()) {
                        display.finish(stats, options.examples(), elapsed);
                        out.println("the LLM budget of " + options.maxCost().orElse(0.0) + " USD is spent; stopped "
                                + "generating with " + stats.examplesJoined() + " of " + options.examples()
                                + " examples");
                        return false;
                    }
                }
                for (RunningService stage : stages) {
                    if (!stage.isAlive()) {
                        display.finish(stats, options.examples(), elapsed);
                        out.println("a stage failed; see " + options.dataDir().resolve("logs/seedloop.log"));
                        return false;
                    }
                }
                if (System.nanoTime() > deadline) {
                    display.finish(stats, options.examples(), elapsed);
                    out.println("timed out after " + options.timeout() + " with " + stats.examplesJoined()
                            + " of " + options.examples() + " examples");
                    return false;
                }
                Thread.sleep(250);
            }
        }
    }

    /**
     * The configured OpenAI-compatible endpoint if the environment names one (checked now), else the simulated
     * LLM, started here. Returns what the summary calls it, or null when the endpoint cannot be used.
     */
    private String chooseLlm(StopSequence stops, Map<String, String> overrides, long candidatesWritten) {
        boolean configured = ENDPOINT_VARIABLES.stream().anyMatch(name -> {
            String value = options.environment().get(name);
            return value != null && !value.isBlank();
        });
        if (configured) {
            LlmSettings settings;
            try {
                settings = LlmSettings.from(ConfigSource.of(options.environment(), Optional.empty(), Map.of()),
                        0.7, 1024).requireUsable();
            } catch (RuntimeException e) {
                out.println("error: " + e.getMessage());
                return null;
            }
            try (LlmClient client = LlmClient.create(settings)) {
                client.checkReachable(Duration.ofSeconds(30));
            } catch (RuntimeException e) {
                out.println("error: " + e.getMessage());
                out.println("(unset OPENAI_API_KEY / OPENAI_BASE_URL to run the demo on the simulated LLM)");
                return null;
            }
            out.println("  LLM     " + settings.baseUrl() + " model " + settings.model());
            return settings.baseUrl().toString();
        }
        // The simulator's answers follow from its seed and its request count, so a run that continues a pool moves
        // the seed on by the candidates already written: the same seed would write the last run's tasks again
        SimulatedLlmConfig simulated = SimulatedLlmConfig.from(ConfigSource.of(options.environment(), Optional.empty(),
                Map.of()));
        SimulatedLlmServer simulator = stops.add("simulated LLM", SimulatedLlmServer.start(
                simulated.withSeed(simulated.seed() + candidatesWritten)));
        overrides.put(LlmSettings.BASE_URL.name(), simulator.baseUrl());
        overrides.put(LlmSettings.MODEL.name(), SimulatedLlmConfig.MODEL);
        overrides.put(LlmSettings.API_KEY.name(), "");
        overrides.put(LlmSettings.PRICES.name(), ConfigSource.of(options.environment(), Optional.empty(), Map.of())
                .raw(LlmSettings.PRICES) + "," + SIMULATED_PRICE);
        out.println("  LLM     SIMULATED: seedloop's offline simulator at " + simulator.baseUrl());
        out.println("          (not a real model; priced as gpt-4o-mini; set OPENAI_API_KEY or");
        out.println("          OPENAI_BASE_URL to use a real one)");
        return "simulated";
    }

    /** How many candidates the loop of this data directory has written, in all its runs. */
    private static long candidatesWritten(KafkaClients clients, TopicRegistry topics) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(clients.consumer("seedloop-demo", null),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topics.candidates().name()).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /**
     * Starts an empty pool (a pool topic that never had a record) as {@code --seeds} says; says what the pool holds.
     *
     * @throws UsageException when the pool is empty and nothing would be loaded into it
     */
    private String startPool(KafkaClients clients, TopicRegistry topics, Path dataDir, ConfigSource embedding,
            InstructionEmbedder model) throws IOException {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(clients.consumer("seedloop-demo", null),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition partition = new TopicPartition(topics.pool().name(), 0);
            if (consumer.endOffsets(List.of(partition)).get(partition) > 0) {
                return "continuing the pool in " + dataDir;
            }
        }
        Seeds seeds = options.seeds();
        if (seeds instanceof Seeds.SelfInstruct) {
            List<PoolEntry> bundled = SeedTasks.bundled();
            if (model != null) {
                EmbeddingRecords.embedInto(bundled, model, 64);
            } else {
                Optional<InstructionEmbedder> embedder = Embedders.open(embedding, "seeding");
                if (embedder.isPresent()) {
                    try (InstructionEmbedder open = embedder.get()) {
                        EmbeddingRecords.embedInto(bundled, open, 64);
                    }
                }
            }
            List<ProducerRecord<String, byte[]>> writes = new ArrayList<>();
            for (PoolEntry seed : bundled) {
                writes.add(new ProducerRecord<>(topics.pool().name(), seed.getId(), topics.pool().valueSerde()
                        .serializer().serialize(topics.pool().name(), seed)));
            }
            AcknowledgedWrites.write(clients, "seedloop-demo", writes, "loading the seed tasks");
            LOGGER.info("loaded {} seed tasks into {}", bundled.size(), topics.pool().name());
            return "empty: loaded the " + bundled.size() + " bundled Self-Instruct seed tasks";
        }
        if (seeds instanceof Seeds.File file) {
            Ingest.Options ingest = new Ingest.Options(file.path(), IngestFormat.named("self-instruct", Map.of()),
                    file.path().getFileName().toString(), "unknown", dataDir.resolve("rejects").resolve(
                    file.path().getFileName() + ".rejects.jsonl"));
            Ingest.Summary summary;
            try (InstructionEmbedder own = model != null ? null : Embedders.open(embedding, "seeding").orElse(null)) {
                summary = new Ingest(clients, ingest, out, model != null ? model : own, 64).run();
            } catch (Ingest.WrongFormatException e) {
                throw new UsageException("--seeds " + file.path() + " is not a file of seed tasks in Self-Instruct's "
                        + "layout (instruction, instances, is_classification): its first records say "
                        + e.getMessage().replaceFirst("^.*?\\((.*)\\); is --format right\\?$", "$1") + ". To start "
                        + "from a dataset in another format, ingest it (seedloop ingest --format F --data-dir "
                        + options.dataDir() + ") and run the demo with --seeds none");
            }
            if (summary.written() == 0) {
                throw new UsageException("--seeds " + file.path() + " holds no seed task that could be read"
                        + (summary.rejected() > 0 ? " (reasons in " + ingest.rejects() + ")" : ""));
            }
            return "empty: loaded " + summary.written() + " seed tasks from " + file.path() + (summary.rejected()
                    == 0 ? "" : " (" + summary.rejected() + " unreadable, in " + ingest.rejects() + ")");
        }
        if (options.examples() > 0) {
            throw new UsageException("the pool in " + dataDir + " is empty and --seeds none loads nothing into it: "
                    + "ingest a dataset first (seedloop ingest --data-dir " + options.dataDir() + " ...), or start "
                    + "from --seeds self-instruct or --seeds FILE");
        }
        return "empty (--seeds none)";
    }

    /** A mistake in what the demo was asked to do, found once it looked at the data directory. */
    public static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }

    /** The environment, under the demo's own settings for one stage. */
    private ConfigSource source(Map<String, String> common, Map<String, String> stage) {
        Map<String, String> overrides = new HashMap<>(common);
        overrides.putAll(stage);
        return ConfigSource.of(options.environment(), Optional.empty(), overrides);
    }
}
