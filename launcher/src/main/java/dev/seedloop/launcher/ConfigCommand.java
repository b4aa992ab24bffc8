package dev.seedloop.launcher;

import dev.seedloop.filter.FilterConfig;
import dev.seedloop.generator.GeneratorConfig;
import dev.seedloop.llm.simulated.SimulatedLlmConfig;
import dev.seedloop.responder.ResponderConfig;
import dev.seedloop.runtime.config.ConfigKey;
import dev.seedloop.sink.SinkConfig;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/** {@code seedloop config STAGE}: every configuration key of a stage with its variable, default and meaning. */
@Command(name = "config", mixinStandardHelpOptions = true,
        description = "List the configuration keys of a stage: name, environment variable, default, meaning.")
final class ConfigCommand implements Callable<Integer> {

    /** The stages with configuration. */
    enum Stage {
        GENERATOR, FILTER, RESPONDER, SINK, SIMULATED_LLM
    }

    @Parameters(paramLabel = "STAGE", description = "generator, filter, responder, sink or simulated-llm.",
            converter = StageConverter.class)
    Stage stage;

    /** Stage names as the commands spell them: simulated-llm (simulated_llm is taken too). */
    static final class StageConverter implements CommandLine.ITypeConverter<Stage> {
        @Override
        public Stage convert(String value) {
            try {
                return Stage.valueOf(value.strip().replace('-', '_').toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a stage; stages: generator, "
                        + "filter, responder, sink, simulated-llm");
            }
        }
    }

    @Override
    public Integer call() {
        List<ConfigKey<?>> keys = switch (stage) {
            case GENERATOR -> GeneratorConfig.keys();
            case FILTER -> FilterConfig.keys();
            case RESPONDER -> ResponderConfig.keys();
            case SINK -> SinkConfig.keys();
            case SIMULATED_LLM -> SimulatedLlmConfig.keys();
        };
        for (ConfigKey<?> key : keys) {
            System.out.println(key.name());
            System.out.println("    env      " + String.join(", ", key.envNames()));
            System.out.println("    default  " + (key.secret() ? "(none)" : key.defaultValue().isEmpty() ? "(empty)"
                    : key.defaultValue()));
            System.out.println("    " + key.doc());
        }
        return 0;
    }
}
