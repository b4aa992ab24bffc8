package dev.seedloop.llm;

import dev.seedloop.runtime.config.ConfigException;
import dev.seedloop.runtime.config.ConfigKey;
import dev.seedloop.runtime.config.ConfigSource;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * How an LLM stage reaches its model: any OpenAI-compatible Chat Completions endpoint (OpenAI, vLLM, Ollama,
 * the simulated LLM), with the sampling settings and the request concurrency.
 */
public record LlmSettings(
        URI baseUrl,
        String apiKey,
        String model,
        double temperature,
        int maxTokens,
        TokenLimitParameter tokenLimitParameter,
        int concurrency,
        int maxConcurrency,
        Duration timeout,
        int maxAttempts,
        long requestsPerMinute,
        long tokensPerMinute,
        Duration backoffInitial,
        Duration backoffMax,
        PriceTable prices) {

    /** Which request field carries the token limit: servers differ. */
    public enum TokenLimitParameter {
        /** {@code max_tokens}: understood by most OpenAI-compatible servers. */
        MAX_TOKENS,
        /** {@code max_completion_tokens}: required by OpenAI's newer models. */
        MAX_COMPLETION_TOKENS
    }

    /** OpenAI's public endpoint: the default base URL. */
    public static final String OPENAI_BASE_URL = "https://api.openai.com/v1";

    public static final ConfigKey<URI> BASE_URL = ConfigKey.url("llm.base-url", OPENAI_BASE_URL,
            "Base URL of an OpenAI-compatible API (OpenAI, vLLM, Ollama: http://host:11434/v1).")
            .withEnvAliases("OPENAI_BASE_URL");
    public static final ConfigKey<String> API_KEY = ConfigKey.secret("llm.api-key",
            "API key sent as a bearer token; never logged. Local servers accept any non-empty value.")
            .withEnvAliases("OPENAI_API_KEY");
    public static final ConfigKey<String> MODEL = ConfigKey.required("llm.model", "gpt-4o-mini",
            "Model name sent with every request.");
    public static final ConfigKey<Double> TEMPERATURE = ConfigKey.decimal("llm.temperature", 0.7, 0.0, 2.0,
            "Sampling temperature.");
    public static final ConfigKey<Integer> MAX_TOKENS = ConfigKey.integer("llm.max-tokens", 1024, 1, 1_000_000,
            "Upper bound on tokens per completion.");
    public static final ConfigKey<TokenLimitParameter> TOKEN_LIMIT_PARAMETER = ConfigKey.enumeration(
            "llm.token-limit-parameter", TokenLimitParameter.MAX_TOKENS, TokenLimitParameter.class,
            "Request field for the token limit: max-tokens or max-completion-tokens.");
    public static final ConfigKey<Integer> CONCURRENCY = ConfigKey.integer("llm.concurrency", 4, 1, 1024,
            "Requests in flight at once to start with; the limit grows by one per round of answers up to "
                    + "llm.max-concurrency and halves when 429s and timeouts dominate.");
    public static final ConfigKey<Integer> MAX_CONCURRENCY = ConfigKey.integer("llm.max-concurrency", 64, 1, 4096,
            "Most requests in flight at once, however well the server keeps up.");
    public static final ConfigKey<Duration> TIMEOUT = ConfigKey.duration("llm.timeout", "120s",
            "Timeout of one request, retries excluded.");
    public static final ConfigKey<Integer> MAX_ATTEMPTS = ConfigKey.integer("llm.max-attempts", 0, 0, 1_000_000,
            "Attempts per call on failures worth retrying (429, 5xx, timeouts); 0 retries until they succeed.");
    public static final ConfigKey<Long> REQUESTS_PER_MINUTE = ConfigKey.longInteger("llm.requests-per-minute", 0, 0,
            Long.MAX_VALUE, "Request budget per minute; 0 for none.");
    public static final ConfigKey<Long> TOKENS_PER_MINUTE = ConfigKey.longInteger("llm.tokens-per-minute", 0, 0,
            Long.MAX_VALUE, "Token budget per minute (prompt estimate plus token limit, reconciled with usage); 0 for none.");
    public static final ConfigKey<Duration> BACKOFF_INITIAL = ConfigKey.duration("llm.backoff-initial", "500ms",
            "First wait before trying a failed call again (then doubling, jittered) when the server sends no"
                    + " Retry-After.");
    public static final ConfigKey<Duration> BACKOFF_MAX = ConfigKey.duration("llm.backoff-max", "30s",
            "Longest wait between two attempts of a call.");
    /** Published list prices, USD per million input/output tokens; override with llm.prices. */
    public static final String DEFAULT_PRICES = "gpt-4o-mini=0.15/0.60,gpt-4o=2.50/10.00,gpt-4.1-nano=0.10/0.40,"
            + "gpt-4.1-mini=0.40/1.60,gpt-4.1=2.00/8.00";
    public static final ConfigKey<PriceTable> PRICES = new ConfigKey<>("llm.prices",
            "USD per million input/output tokens by model, model=in/out,...; models not listed cost 0.",
            DEFAULT_PRICES, PriceTable::parse, false, List.of());

    public LlmSettings {
        if (apiKey == null) {
            apiKey = "";
        }
        if (concurrency > maxConcurrency) {
            throw new ConfigException("llm.concurrency (" + concurrency + ") must not exceed llm.max-concurrency ("
                    + maxConcurrency + ")");
        }
        if (backoffMax.compareTo(backoffInitial) < 0) {
            throw new ConfigException("llm.backoff-max (" + backoffMax + ") must not be below llm.backoff-initial ("
                    + backoffInitial + ")");
        }
    }

    /** The keys, with this service's defaults for temperature and token limit. */
    public static List<ConfigKey<?>> keys(double defaultTemperature, int defaultMaxTokens) {
        return List.of(BASE_URL, API_KEY, MODEL, TEMPERATURE.withDefault(Double.toString(defaultTemperature)),
                MAX_TOKENS.withDefault(Integer.toString(defaultMaxTokens)), TOKEN_LIMIT_PARAMETER, CONCURRENCY,
                MAX_CONCURRENCY, TIMEOUT, MAX_ATTEMPTS, REQUESTS_PER_MINUTE, TOKENS_PER_MINUTE, BACKOFF_INITIAL, BACKOFF_MAX, PRICES);
    }

    public static LlmSettings from(ConfigSource source, double defaultTemperature, int defaultMaxTokens) {
        return new LlmSettings(source.get(BASE_URL), source.get(API_KEY), source.get(MODEL),
                source.get(TEMPERATURE.withDefault(Double.toString(defaultTemperature))),
                source.get(MAX_TOKENS.withDefault(Integer.toString(defaultMaxTokens))),
                source.get(TOKEN_LIMIT_PARAMETER), source.get(CONCURRENCY), source.get(MAX_CONCURRENCY),
                source.get(TIMEOUT),
                source.get(MAX_ATTEMPTS), source.get(REQUESTS_PER_MINUTE), source.get(TOKENS_PER_MINUTE),
                source.get(BACKOFF_INITIAL), source.get(BACKOFF_MAX), source.get(PRICES));
    }

    /** True when the endpoint is OpenAI's own, which needs a real key. */
    public boolean isOpenAi() {
        return "api.openai.com".equalsIgnoreCase(baseUrl.getHost());
    }

    /** Fails fast when a key is needed and missing. */
    public LlmSettings requireUsable() {
        if (isOpenAi() && apiKey.isBlank()) {
            throw new ConfigException("llm.api-key (OPENAI_API_KEY) is required for " + baseUrl
                    + "; or set llm.base-url (OPENAI_BASE_URL) to another OpenAI-compatible server");
        }
        return this;
    }

    /** Never prints the key. */
    @Override
    public String toString() {
        return "LlmSettings[baseUrl=" + baseUrl + ", model=" + model + ", apiKey=" + (apiKey.isEmpty() ? "<not set>"
                : "<secret>") + ", temperature=" + temperature + ", maxTokens=" + maxTokens + ", concurrency="
                + concurrency + "-" + maxConcurrency + ", timeout=" + timeout + ", maxAttempts=" + maxAttempts + ", requestsPerMinute="
                + requestsPerMinute + ", tokensPerMinute=" + tokensPerMinute + "]";
    }
}
