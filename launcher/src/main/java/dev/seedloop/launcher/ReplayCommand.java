package dev.seedloop.launcher;

import dev.seedloop.embedding.InstructionEmbedder;
import dev.seedloop.filter.FilterConfig;
import dev.seedloop.filter.FilterRules;
import dev.seedloop.tools.replay.Replay;
import dev.seedloop.runtime.config.ConfigException;
import dev.seedloop.runtime.config.ConfigSource;
import dev.seedloop.schemas.TopicRegistry;
import dev.seedloop.sink.PoolMirror;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code seedloop replay}: the filter again over the retained candidates, with other rules, beside the live loop. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Run the filter again over the retained candidates with another configuration, under its "
                + "own application id and into versioned topics (<topic>.replay.<tag>), without touching the live "
                + "loop; then compare with the live verdicts. --promote applies the result to the pool.%n"
                + "Exit status: 0 done, 1 failed, 2 bad usage.")
final class ReplayCommand implements Callable<Integer> {

    @Option(names = "--tag", required = true, description = "Name of this replay: its topics are <topic>.replay.<tag>.")
    String tag;

    @ArgGroup(exclusive = true)
    Range range;

    static final class Range {
        @Option(names = "--from-beginning", description = "Every retained candidate (the default).")
        boolean fromBeginning;

        @Option(names = "--from-time", paramLabel = "T", description = "Candidates written at or after T "
                + "(ISO-8601, e.g. 2026-12-01T09:00:00Z).")
        String fromTime;
    }

    @Option(names = "--filter-config", paramLabel = "FILE", description = "Properties file of filter.* rules "
            + "(seedloop config filter lists them); unset keys keep their defaults.")
    Path filterConfig;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "A filter.* rule setting, over the file's.")
    Map<String, String> settings = new HashMap<>();

    @Mixin
    ClusterOptions clusterOptions;

    @Option(names = "--promote", description = "Apply the replay to the live pool: its examples in, the machine "
            + "entries it rejects out.")
    boolean promote;

    @Option(names = "--timeout", defaultValue = "30m", converter = DurationConverter.class,
            description = "Give up after this long (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    public Integer call() {
        Optional<Instant> from;
        Map<String, String> filter = new HashMap<>();
        try {
            from = range == null || range.fromTime == null ? Optional.empty() : Optional.of(Instant.parse(
                    range.fromTime));
            if (filterConfig != null) {
                Properties properties = new Properties();
                try (Reader reader = Files.newBufferedReader(filterConfig, StandardCharsets.UTF_8)) {
                    properties.load(reader);
                }
                properties.stringPropertyNames().forEach(key -> filter.put(key, properties.getProperty(key)));
            }
            filter.putAll(settings);
            TopicRegistry.standard().replay(tag);
            ConfigSource.ofValues(filter).rejectUnknown(FilterRules.keys());
            FilterRules.from(ConfigSource.ofValues(filter));
        } catch (DateTimeParseException e) {
            System.err.println("replay: --from-time must be an ISO-8601 instant such as 2026-12-01T09:00:00Z");
            return 2;
        } catch (IOException e) {
            System.err.println("replay: cannot read --filter-config: " + e.getMessage());
            return 2;
        } catch (ConfigException | IllegalArgumentException e) {
            System.err.println("replay: configuration error: " + e.getMessage());
            return 2;
        }
        System.out.println("seedloop replay '" + tag + "'");
        return clusterOptions.run("replay", "replay.log", (cluster, clients) -> {
            Path stateDir = clusterOptions.bootstrap().isPresent() ? Files.createTempDirectory("seedloop-replay")
                    : clusterOptions.dataDir.resolve("state").resolve("replay");
            FilterRules rules = FilterRules.from(ConfigSource.ofValues(filter));
            // Records without a vector of the replay's model (another model, or none) are embedded as they are copied
            try (InstructionEmbedder embedder = rules.semanticDuplicate().isEmpty() ? null : Embedders.open(
                    ConfigSource.of(Embedders.endpointEnvironment(), Optional.empty(), filter), "replay")
                    .orElse(null)) {
                new Replay(clients.settings(), new Replay.Options(tag, from, filter, stateDir, promote, timeout,
                        FilterConfig.APPLICATION_ID.defaultValue()), System.out, embedder).run();
                Path mirror = clusterOptions.dataDir.resolve("examples.jsonl");
                if (promote && cluster.startedForThisCommand() && Files.exists(mirror)) {
                    // No sink runs to follow the promotion: the examples file is brought in line here
                    PoolMirror.syncOnce(clients, clients.settings().topics().pool(), mirror);
                    System.out.println("  examples      " + mirror + " follows the pool");
                }
                return 0;
            } catch (Replay.TagUsedException e) {
                System.err.println("replay: " + e.getMessage());
                return 2;
            }
        });
    }
}
