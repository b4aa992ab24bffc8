package dev.seedloop.llm.simulated;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seedloop.embedding.Vectors;
import dev.seedloop.llm.CostMeter;
import dev.seedloop.llm.LlmClient;
import dev.seedloop.llm.LlmGateway;
import dev.seedloop.llm.LlmSettings;
import dev.seedloop.llm.RemoteEmbedder;
import dev.seedloop.runtime.config.ConfigSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Vectors from an OpenAI-compatible /v1/embeddings endpoint (the simulated LLM's, labelled as such) through the real
 * openai-java client and the stage's gateway, in batches, through injected 429s.
 */
@Timeout(120)
class RemoteEmbedderIT {

    @Test
    void textsComeBackAsUnitVectorsInOrderThroughRefusalsWithTheirCostCounted() {
        SimulatedLlmServer server = SimulatedLlmServer.start(SimulatedLlmConfig.from(ConfigSource.ofValues(Map.of(
                "simulator.rate-limit-share", "0.3", "simulator.retry-after", "50ms")))
                .withLatency(Duration.ofMillis(2)));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        LlmClient client = LlmClient.create(LlmSettings.from(ConfigSource.ofValues(Map.of(
                "llm.base-url", server.baseUrl(), "llm.model", "simulated")), 0.0, 16));
        CostMeter costs = new CostMeter(client.settings().prices(), registry);
        try (server; LlmGateway gateway = new LlmGateway("embedding", client, costs, registry)) {
            RemoteEmbedder embedder = new RemoteEmbedder(gateway, "bge-m3", 2, 0);
            List<String> texts = List.of(
                    "Write a short poem about autumn leaves.",
                    "Compose a short poem about the leaves of autumn.",
                    "Explain how a bank loan works.",
                    "가을 낙엽에 대한 짧은 시를 쓰세요.",
                    "가을 낙엽에 대한 짧은 시를 지어 주세요.");

            List<float[]> vectors = embedder.embed(texts);

            assertThat(embedder.model()).isEqualTo("remote:bge-m3");
            assertThat(vectors).hasSize(5).allSatisfy(vector -> {
                assertThat(vector).hasSize(embedder.dimension());
                assertThat(Vectors.dot(vector, vector)).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-5));
            });
            // In order, and the same text gives the same vector alone
            assertThat(Vectors.dot(vectors.get(2), embedder.embed(List.of(texts.get(2))).get(0)))
                    .isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-6));
            // A rewording is nearer than another task, in English and in Korean
            assertThat(Vectors.dot(vectors.get(0), vectors.get(1))).isGreaterThan(Vectors.dot(vectors.get(0),
                    vectors.get(2)));
            assertThat(Vectors.dot(vectors.get(3), vectors.get(4))).isGreaterThan(0.5)
                    .isGreaterThan(Vectors.dot(vectors.get(3), vectors.get(2)));
            assertThat(server.stats().rateLimited()).as("some calls were refused and tried again").isPositive();
            assertThat(costs.totals().values()).anySatisfy(total -> {
                assertThat(total.stage()).isEqualTo("embedding");
                assertThat(total.promptTokens()).isPositive();
            });
        }
    }
}
