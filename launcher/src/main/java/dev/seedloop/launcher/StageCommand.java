package dev.seedloop.launcher;

import dev.seedloop.filter.FilterConfig;
import dev.seedloop.generator.GeneratorConfig;
import dev.seedloop.responder.ResponderConfig;
import dev.seedloop.runtime.config.ConfigException;
import dev.seedloop.runtime.config.ConfigKey;
import dev.seedloop.runtime.config.ConfigSource;
import dev.seedloop.runtime.config.KafkaSettings;
import dev.seedloop.sink.SinkConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * One stage alone against a Kafka cluster, as Kubernetes runs it: configuration from the environment, an
 * optional properties file and {@code --set} flags, in rising precedence.
 */
abstract class StageCommand implements Callable<Integer> {

    @Option(names = "--bootstrap-servers", description = "Kafka bootstrap servers (else KAFKA_BOOTSTRAP_SERVERS).")
    String bootstrapServers;

    @Option(names = "--config", description = "Properties file of configuration keys (else SEEDLOOP_CONFIG_FILE).")
    Path configFile;

    @Option(names = "--set", description = "KEY=VALUE: one configuration key (repeatable).")
    Map<String, String> settings = new LinkedHashMap<>();

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and the configuration keys.")
    boolean help;

    @Override
    public Integer call() throws Exception {
        Map<String, String> overrides = new LinkedHashMap<>(settings);
        if (bootstrapServers != null) {
            overrides.put(KafkaSettings.BOOTSTRAP_SERVERS.name(), bootstrapServers);
        }
        Map<String, String> environment = System.getenv();
        Optional<Path> file = Optional.ofNullable(configFile).or(() -> Optional.ofNullable(
                environment.get(ConfigSource.CONFIG_FILE_ENV)).filter(name -> !name.isBlank()).map(Path::of));
        try {
            return run(ConfigSource.of(environment, file, overrides));
        } catch (ConfigException e) {
            System.err.println("configuration error: " + e.getMessage());
            return 2;
        }
    }

    abstract int run(ConfigSource source) throws Exception;

    abstract List<ConfigKey<?>> keys();

    @Command(name = "generator", description = "Run generator-service: propose new instructions with an LLM.",
            footer = "Configuration keys: seedloop config generator")
    static final class Generator extends StageCommand {
        @Override
        int run(ConfigSource source) throws Exception {
            return dev.seedloop.generator.Main.run(source);
        }

        @Override
        List<ConfigKey<?>> keys() {
            return GeneratorConfig.keys();
        }
    }

    @Command(name = "filter", description = "Run filter-service: judge candidates and responses (Kafka Streams).",
            footer = "Configuration keys: seedloop config filter")
    static final class Filter extends StageCommand {
        @Override
        int run(ConfigSource source) throws Exception {
            return dev.seedloop.filter.Main.run(source);
        }

        @Override
        List<ConfigKey<?>> keys() {
            return FilterConfig.keys();
        }
    }

    @Command(name = "responder", description = "Run the responder: write instances for accepted instructions.",
            footer = "Configuration keys: seedloop config responder")
    static final class Responder extends StageCommand {
        @Override
        int run(ConfigSource source) throws Exception {
            return dev.seedloop.responder.Main.run(source);
        }

        @Override
        List<ConfigKey<?>> keys() {
            return ResponderConfig.keys();
        }
    }

    @Command(name = "sink", description = "Run sink-service: write accepted examples to the pool (Kafka Streams).",
            footer = "Configuration keys: seedloop config sink")
    static final class Sink extends StageCommand {
        @Override
        int run(ConfigSource source) throws Exception {
            return dev.seedloop.sink.Main.run(source);
        }

        @Override
        List<ConfigKey<?>> keys() {
            return SinkConfig.keys();
        }
    }
}
