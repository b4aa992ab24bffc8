package dev.seedloop.llm.simulated;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seedloop.llm.LlmClient;
import dev.seedloop.llm.LlmReply;
import dev.seedloop.llm.LlmRequest;
import dev.seedloop.llm.LlmSettings;
import dev.seedloop.llm.PromptMarker;
import dev.seedloop.runtime.config.ConfigSource;
import dev.seedloop.testkit.SharedData;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class SimulatedLlmServerTest {

    private SimulatedLlmServer server;
    private LlmClient client;

    @BeforeEach
    void start() {
        server = SimulatedLlmServer.start(SimulatedLlmConfig.defaults().withLatency(Duration.ofMillis(5)));
        client = LlmClient.create(LlmSettings.from(ConfigSource.ofValues(Map.of(
                "llm.base-url", server.baseUrl(), "llm.model", "anything")), 0.7, 1024));
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    @Test
    void answersAGenerationPromptWithANumberedListThroughTheOpenAiClient() {
        // Given a Self-Instruct prompt with eight seed tasks
        List<String> seeds = SharedData.field("seed_tasks.jsonl", "instruction").subList(0, 8);
        StringBuilder prompt = new StringBuilder("Come up with a series of tasks:\n");
        for (int i = 0; i < seeds.size(); i++) {
            prompt.append(i + 1).append(". ").append(seeds.get(i)).append('\n');
        }
        prompt.append("9.");

        // When
        LlmReply reply = client.chat(marked("task-list", prompt.toString())).join();

        // Then a list continuing at 9, labelled as simulated, with usage
        assertThat(reply.content()).startsWith("9. ");
        assertThat(reply.content().lines().filter(line -> line.matches("\\d+\\. .+")).count()).isGreaterThan(0);
        assertThat(reply.model()).isEqualTo("seedloop-simulated-llm");
        assertThat(reply.promptTokens()).isPositive();
        assertThat(reply.completionTokens()).isPositive();
        assertThat(reply.finishReason()).isIn("stop", "length");
    }

    @Test
    void answersAnInstancePromptWithExamples() {
        LlmReply reply = client.chat(marked("instances", "Come up with examples for the following tasks."
                + "\n\nTask: Summarize the following paragraph in one sentence.")).join();

        assertThat(reply.content()).startsWith("Example 1\nInput: ").contains("\nOutput: ");
    }

    @Test
    void honoursStopSequencesAndTheTokenLimit() {
        String prompt = "Come up with a series of tasks:\n1. Write a poem about the sea.\n2.";
        LlmReply stopped = client.chat(marked("task-list", prompt).withStop(List.of("3."))).join();
        assertThat(stopped.content()).doesNotContain("3.");

        try (LlmClient tiny = LlmClient.create(LlmSettings.from(ConfigSource.ofValues(Map.of(
                "llm.base-url", server.baseUrl())), 0.7, 3))) {
            LlmReply cut = tiny.chat(marked("task-list", prompt)).join();
            assertThat(cut.finishReason()).isEqualTo("length");
            assertThat(cut.content().length()).isLessThanOrEqualTo(12);
        }
    }

    @Test
    void servesManyRequestsAtOnceWithoutHoldingAThreadEach() {
        server.close();
        server = SimulatedLlmServer.start(SimulatedLlmConfig.defaults().withLatency(Duration.ofMillis(300)));
        try (LlmClient wide = LlmClient.create(LlmSettings.from(ConfigSource.ofValues(Map.of(
                "llm.base-url", server.baseUrl(), "llm.concurrency", "64")), 0.7, 256))) {
            List<CompletableFuture<LlmReply>> replies = IntStream.range(0, 64)
                    .mapToObj(i -> wide.chat(LlmRequest.of("", "hello"))).toList();
            CompletableFuture.allOf(replies.toArray(CompletableFuture[]::new)).join();
            assertThat(server.requestCount()).isEqualTo(64);
        }
    }

    @Test
    void listsItsModelAndRejectsMalformedRequestsInTheOpenAiErrorFormat() throws Exception {
        assertThat(client.checkReachable(Duration.ofSeconds(10))).containsExactly("seedloop-simulated-llm");

        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> bad = http.send(HttpRequest.newBuilder(URI.create(server.baseUrl()
                + "/chat/completions")).POST(HttpRequest.BodyPublishers.ofString("{not json")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("\"error\"").contains("not JSON");

        HttpResponse<String> empty = http.send(HttpRequest.newBuilder(URI.create(server.baseUrl()
                + "/chat/completions")).POST(HttpRequest.BodyPublishers.ofString("{\"messages\":[]}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(empty.statusCode()).isEqualTo(400);

        HttpResponse<String> missing = http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/nope"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(missing.statusCode()).isEqualTo(404);
    }

    @Test
    void answersByTheMarkerNotByTheWording() {
        // The wording of a task-generation prompt, marked as asking for a rating: the marker decides
        String prompt = "Come up with a series of tasks:\n1. Write a poem about the sea.\n2.";
        LlmReply rating = client.chat(marked("rating", "Instruction: " + prompt + "\nResponse: a poem")).join();
        LlmReply unmarked = client.chat(LlmRequest.of("", prompt)).join();

        assertThat(rating.content()).matches("(?s)^\\d(\\.\\d)?\\s*\\n.*");
        // A request from no prompt file gets a direct answer, not a task list
        assertThat(unmarked.content()).doesNotStartWith("2. ");
    }

    @Test
    void refusesAShapeItCannotAnswerWithA400ThatNamesTheShapesItKnows() throws Exception {
        HttpResponse<String> refused = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(server.baseUrl() + "/chat/completions"))
                .header("Content-Type", "application/json")
                .header(PromptMarker.HEADER, "haiku-v1; answer=haiku")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"model\": \"m\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}"))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("haiku-v1; answer=haiku").contains("task-list").contains("rating");
    }

    @Test
    void malformedEmbeddingRequestsAreRefusedWithTheReason() throws Exception {
        assertThat(embeddings("{not json")).satisfies(response -> {
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.body()).contains("request body is not JSON");
        });
        for (String body : List.of("{\"model\": \"m\"}", "{\"input\": []}", "{\"input\": [\"a\", 3]}", "")) {
            HttpResponse<String> response = embeddings(body);
            assertThat(response.statusCode()).as(body).isEqualTo(400);
            assertThat(response.body()).as(body).containsAnyOf("'input' must be a string", "has no body");
        }
        String oversized = "{\"input\": \"" + "x".repeat(9 * 1024 * 1024) + "\"}";
        assertThat(embeddings(oversized).statusCode()).isEqualTo(413);
        // Text that is not words (and bytes that were not UTF-8, decoded as replacement characters) still gets a
        // unit vector, not an error
        HttpResponse<String> odd = embeddings("{\"input\": [\"\\ufffd\\ufffd !!\", \"   \"]}");
        assertThat(odd.statusCode()).isEqualTo(200);
        assertThat(odd.body()).contains("\"index\":1");
    }

    private HttpResponse<String> embeddings(String body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/embeddings"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static LlmRequest marked(String shape, String user) {
        return new LlmRequest("", user, List.of(), OptionalDouble.empty(), OptionalInt.empty(),
                Optional.of(new PromptMarker("test-v1", shape)));
    }
}
