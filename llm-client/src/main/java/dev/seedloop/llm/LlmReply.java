package dev.seedloop.llm;

import java.time.Duration;

/**
 * What the model answered: the text of the first choice, why it stopped (stop, length, ...), the model that
 * answered, token usage, how long the call took, and the rate limits the server announced with it.
 */
public record LlmReply(String content, String finishReason, String model, long promptTokens,
        long completionTokens, Duration latency, RateLimitHeaders rateLimits) implements Metered {

    public LlmReply(String content, String finishReason, String model, long promptTokens, long completionTokens,
            Duration latency) {
        this(content, finishReason, model, promptTokens, completionTokens, latency, RateLimitHeaders.NONE);
    }

    /** True when the model ran out of tokens, so the last item of the answer may be cut off. */
    public boolean truncated() {
        return "length".equals(finishReason);
    }
}
