package dev.seedloop.llm;

import com.openai.client.OpenAIClientAsync;
import com.openai.client.okhttp.OpenAIOkHttpClientAsync;
import com.openai.core.JsonField;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.Embedding;
import com.openai.models.embeddings.EmbeddingCreateParams;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The one way seedloop talks to a model: the openai-java async client against any OpenAI-compatible endpoint.
 * Retries of 429s and server errors (with Retry-After) are the client's; callers see what remains.
 */
public final class LlmClient implements AutoCloseable {

    /** Local servers ignore the key, but the client insists on one. */
    private static final String PLACEHOLDER_KEY = "not-needed";

    private final LlmSettings settings;
    private final OpenAIClientAsync client;

    private LlmClient(LlmSettings settings, OpenAIClientAsync client) {
        this.settings = settings;
        this.client = client;
    }

    public static LlmClient create(LlmSettings settings) {
        OpenAIClientAsync client = OpenAIOkHttpClientAsync.builder()
                .baseUrl(settings.baseUrl().toString())
                .apiKey(settings.apiKey().isBlank() ? PLACEHOLDER_KEY : settings.apiKey())
                // Retries are the gateway's, so that every 429 reaches the concurrency limit.
                .maxRetries(0)
                .timeout(settings.timeout())
                .build();
        return new LlmClient(settings, client);
    }

    public LlmSettings settings() {
        return settings;
    }

    /** Sends {@code request}; the future fails with the client's exception when the call does. */
    public CompletableFuture<LlmReply> chat(LlmRequest request) {
        ChatCompletionCreateParams.Builder params = ChatCompletionCreateParams.builder()
                .model(settings.model())
                .temperature(request.temperature().orElse(settings.temperature()));
        if (!request.system().isEmpty()) {
            params.addSystemMessage(request.system());
        }
        params.addUserMessage(request.user());
        request.marker().ifPresent(marker -> params.putAdditionalHeader(PromptMarker.HEADER, marker.header()));
        if (!request.stop().isEmpty()) {
            params.stopOfStrings(request.stop());
        }
        int maxTokens = request.maxTokens().orElse(settings.maxTokens());
        if (settings.tokenLimitParameter() == LlmSettings.TokenLimitParameter.MAX_COMPLETION_TOKENS) {
            params.maxCompletionTokens(maxTokens);
        } else {
            params.maxTokens(maxTokens);
        }
        long started = System.nanoTime();
        return client.chat().completions().withRawResponse().create(params.build())
                .thenApply(response -> {
                    try (response) {
                        return toReply(response.parse(), Duration.ofNanos(System.nanoTime() - started),
                                RateLimitHeaders.parse(response.headers()::values));
                    }
                });
    }

    /**
     * Asks the endpoint's {@code /v1/embeddings} for the vectors of {@code texts} with {@code model}, as floats; the
     * future fails with the client's exception when the call does.
     */
    public CompletableFuture<EmbeddingReply> embed(String model, List<String> texts) {
        EmbeddingCreateParams params = EmbeddingCreateParams.builder()
                .model(model)
                .inputOfArrayOfStrings(texts)
                .encodingFormat(EmbeddingCreateParams.EncodingFormat.FLOAT)
                .build();
        long started = System.nanoTime();
        return client.embeddings().withRawResponse().create(params).thenApply(response -> {
            try (response) {
                CreateEmbeddingResponse answer = response.parse();
                List<Embedding> data = new ArrayList<>(answer.data());
                data.sort(Comparator.comparingLong(Embedding::index));
                List<float[]> vectors = new ArrayList<>(data.size());
                for (Embedding embedding : data) {
                    List<Float> values = embedding.embedding();
                    float[] vector = new float[values.size()];
                    for (int i = 0; i < vector.length; i++) {
                        Float value = values.get(i);
                        vector[i] = value == null ? Float.NaN : value;
                    }
                    vectors.add(vector);
                }
                return new EmbeddingReply(vectors, answer.model(), answer.usage().promptTokens(),
                        Duration.ofNanos(System.nanoTime() - started),
                        RateLimitHeaders.parse(response.headers()::values));
            }
        });
    }

    /**
     * Lists the endpoint's models, which proves it is reachable and the key is accepted; also warms the client up.
     *
     * @throws LlmUnavailableException when it is not
     */
    public List<String> checkReachable(Duration timeout) {
        try {
            var page = client.models().list().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return page.data().stream().map(model -> model.id()).toList();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LlmUnavailableException("interrupted while checking " + settings.baseUrl(), e);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            throw new LlmUnavailableException("LLM endpoint " + settings.baseUrl() + " is not usable: "
                    + LlmFailures.describe(e, settings.apiKey()), e);
        }
    }

    @Override
    public void close() {
        client.close();
    }

    private static LlmReply toReply(ChatCompletion completion, Duration latency, RateLimitHeaders limits) {
        if (completion.choices().isEmpty()) {
            return new LlmReply("", "none", completion.model(), 0, 0, latency, limits);
        }
        ChatCompletion.Choice choice = completion.choices().get(0);
        String content = choice.message().content().orElse("");
        JsonField<ChatCompletion.Choice.FinishReason> finish = choice._finishReason();
        String finishReason = finish.asKnown().map(ChatCompletion.Choice.FinishReason::asString).orElse("unknown");
        long prompt = completion.usage().map(usage -> usage.promptTokens()).orElse(0L);
        long completionTokens = completion.usage().map(usage -> usage.completionTokens()).orElse(0L);
        return new LlmReply(content, finishReason, completion.model(), prompt, completionTokens, latency, limits);
    }
}
