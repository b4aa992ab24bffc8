package dev.seedloop.system.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.seedloop.kafka.embedded.EmbeddedKafkaBroker;
import dev.seedloop.launcher.demo.SeedTasks;
import dev.seedloop.llm.simulated.SimulatedLlmConfig;
import dev.seedloop.llm.simulated.SimulatedLlmServer;
import dev.seedloop.runtime.config.ConfigSource;
import dev.seedloop.schemas.Topic;
import dev.seedloop.schemas.avro.DeadLetter;
import dev.seedloop.testkit.TopicReader;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The LLM API key never leaves the process that uses it: not in logs, metrics, health answers, rejections, dead
 * letters or any other topic, even when the LLM server echoes it back in its error messages.
 */
@Timeout(300)
class SecretsIT {

    private static final String KEY = "sk-seedloop-SECRET-7f3a9c1e5b2d";

    @TempDir
    Path work;

    @Test
    void theApiKeyAppearsNowhereEvenWhenTheServerEchoesIt() throws Exception {
        // Given a server that names the credentials it saw when a model is unknown, as careless servers do
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.startTemporary();
                SimulatedLlmServer llm = SimulatedLlmServer.start(SimulatedLlmConfig.from(ConfigSource.ofValues(
                        Map.of("simulator.models", "simulated", "simulator.latency", "5ms",
                                "simulator.server-error-share", "0.1"))));
                LoopRun run = LoopRun.prepare(broker.bootstrapServers(), "secrets", work, SeedTasks.bundled())
                        .startFilterAndSink(Map.of())) {
            // And a generator on a model the server knows, and a responder on one it does not, both in their
            // own processes with the key in their environment only
            int generatorPort = freePort();
            int responderPort = freePort();
            Map<String, String> environment = Map.of("OPENAI_API_KEY", KEY, "OPENAI_BASE_URL", llm.baseUrl());
            Map<String, String> generator = run.settings(Map.of("llm.model", "simulated", "http.port",
                    Integer.toString(generatorPort), "generator.filter-application-id",
                    "secrets-filter", "generator.responder-group-id", "secrets-responder"));
            Map<String, String> responder = run.settings(run.responderSettings(Map.of("llm.model", "unknown-model",
                    "http.port", Integer.toString(responderPort))));
            try (StageProcess generatorProcess = StageProcess.command(arguments("generator", generator), environment,
                    work.resolve("generator.log"));
                    StageProcess responderProcess = StageProcess.command(arguments("responder", responder),
                            environment, work.resolve("responder.log"))) {
                // When they have run into the echoing server
                await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                        .until(() -> run.deadLetters().size() >= 3);
                List<String> endpoints = new ArrayList<>();
                for (int port : List.of(generatorPort, responderPort)) {
                    for (String path : List.of("/metrics", "/healthy", "/ready")) {
                        endpoints.add(get(port, path));
                    }
                }
                generatorProcess.close();
                run.awaitDrained(Duration.ofMinutes(3));
                responderProcess.close();

                // Then the echoed key reached the dead letters only as <redacted>
                List<DeadLetter> deadLetters = run.deadLetters();
                assertThat(deadLetters).isNotEmpty().anySatisfy(letter -> assertThat(letter.getErrorMessage())
                        .contains("request authorised with").contains("<redacted>"));
                // And no byte of any topic, no log line and no endpoint answer holds the key
                for (Topic<String, ?> topic : List.of(run.topics().candidates(), run.topics().instructions(),
                        run.topics().responses(), run.topics().examples(), run.topics().rejections(),
                        run.topics().deadLetters(), run.topics().pool())) {
                    for (ConsumerRecord<byte[], byte[]> record : TopicReader.readAll(broker.bootstrapServers(),
                            topic.name())) {
                        assertThat(text(record.value())).as("a record of %s", topic.name()).doesNotContain(KEY);
                        assertThat(text(record.key())).doesNotContain(KEY);
                    }
                }
                assertThat(endpoints).isNotEmpty().allSatisfy(answer -> assertThat(answer).doesNotContain(KEY));
                assertThat(endpoints.get(0)).contains("seedloop_llm_requests_total");
                for (Path log : List.of(work.resolve("generator.log"), work.resolve("responder.log"))) {
                    String text = Files.readString(log, StandardCharsets.UTF_8);
                    assertThat(text).as("%s", log.getFileName()).isNotBlank().doesNotContain(KEY);
                }
                assertThat(Files.readString(work.resolve("responder.log"))).contains("<redacted>");
            }
        }
    }

    private static List<String> arguments(String stage, Map<String, String> settings) {
        List<String> arguments = new ArrayList<>(List.of(stage));
        settings.forEach((key, value) -> arguments.addAll(List.of("--set", key + "=" + value)));
        return arguments;
    }

    private static String get(int port, String path) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        return await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> client.send(HttpRequest
                .newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString()).body(), body -> body != null);
    }

    private static String text(byte[] bytes) {
        return bytes == null ? "" : new String(bytes, StandardCharsets.ISO_8859_1);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
