package dev.seedloop.launcher;

import dev.seedloop.llm.simulated.SimulatedLlmConfig;
import dev.seedloop.llm.simulated.SimulatedLlmServer;
import dev.seedloop.runtime.config.ConfigException;
import dev.seedloop.runtime.config.ConfigSource;
import java.net.InetAddress;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code seedloop simulated-llm}: the simulated LLM alone, until interrupted. */
@Command(name = "simulated-llm", mixinStandardHelpOptions = true,
        description = "Serve seedloop's OpenAI-compatible simulated LLM (not a real model) until interrupted. "
                + "Settings: seedloop config simulated-llm.")
final class SimulatedLlmCommand implements Callable<Integer> {

    @Option(names = "--port", description = "Port (default: a free one, or SEEDLOOP_SIMULATOR_PORT).")
    Integer port;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on (default: "
            + "${DEFAULT-VALUE}; 0.0.0.0 to serve other machines, as in a cluster's dev stack).")
    String host;

    @Override
    public Integer call() throws Exception {
        SimulatedLlmConfig config;
        try {
            config = SimulatedLlmConfig.from(ConfigSource.of(System.getenv(), Optional.empty(),
                    port == null ? Map.of() : Map.of(SimulatedLlmConfig.PORT.name(), port.toString())));
        } catch (ConfigException e) {
            System.err.println("configuration error: " + e.getMessage());
            return 2;
        }
        CountDownLatch stop = new CountDownLatch(1);
        try (SimulatedLlmServer server = SimulatedLlmServer.start(config, InetAddress.getByName(host))) {
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "simulated-llm-shutdown"));
            System.out.println("simulated LLM (not a real model) listening on " + host + ", port "
                    + server.port());
            stop.await();
        }
        return 0;
    }
}
