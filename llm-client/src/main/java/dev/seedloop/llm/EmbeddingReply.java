package dev.seedloop.llm;

import java.time.Duration;
import java.util.List;

/**
 * What an embeddings endpoint answered: one vector per input text, in input order, as the server sent them (not
 * yet checked: {@code RemoteEmbedder} checks count, length and numbers), the model that made them, and usage.
 */
public record EmbeddingReply(List<float[]> vectors, String model, long promptTokens, Duration latency,
        RateLimitHeaders rateLimits) implements Metered {

    public EmbeddingReply {
        vectors = List.copyOf(vectors);
    }

    @Override
    public long completionTokens() {
        return 0;
    }
}
