package dev.seedloop.llm;

import java.time.Duration;

/** What every answered call reports, whatever it asked for: the model, token usage, latency, announced limits. */
public interface Metered {

    String model();

    long promptTokens();

    long completionTokens();

    Duration latency();

    RateLimitHeaders rateLimits();
}
