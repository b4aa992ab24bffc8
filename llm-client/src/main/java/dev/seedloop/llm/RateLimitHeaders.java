package dev.seedloop.llm;

import java.util.List;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * The rate limits a server announces with each answer, as OpenAI, Azure OpenAI and OpenAI-compatible gateways
 * (LiteLLM, vLLM behind one) send them: {@code x-ratelimit-limit-requests}, {@code x-ratelimit-remaining-requests},
 * {@code x-ratelimit-limit-tokens} and {@code x-ratelimit-remaining-tokens}. Limits are per minute, as OpenAI's are.
 * ({@code x-ratelimit-reset-*} say when the budget is full again, which follows from the limit and what remains, so
 * they are not needed.) A header that is absent or not a number is left empty.
 */
public record RateLimitHeaders(OptionalLong limitRequests, OptionalLong remainingRequests, OptionalLong limitTokens,
        OptionalLong remainingTokens) {

    /** No header at all. */
    public static final RateLimitHeaders NONE = new RateLimitHeaders(OptionalLong.empty(), OptionalLong.empty(),
            OptionalLong.empty(), OptionalLong.empty());

    /** The headers found by {@code values}, which gives the values of a header name (lower case), or none. */
    public static RateLimitHeaders parse(Function<String, List<String>> values) {
        return new RateLimitHeaders(number(values, "x-ratelimit-limit-requests"),
                number(values, "x-ratelimit-remaining-requests"), number(values, "x-ratelimit-limit-tokens"),
                number(values, "x-ratelimit-remaining-tokens"));
    }

    /** True when the server announced a limit. */
    public boolean any() {
        return limitRequests.isPresent() || limitTokens.isPresent();
    }

    private static OptionalLong number(Function<String, List<String>> values, String name) {
        List<String> found = values.apply(name);
        if (found == null || found.isEmpty()) {
            return OptionalLong.empty();
        }
        try {
            long value = (long) Double.parseDouble(found.get(0).strip());
            return value >= 0 ? OptionalLong.of(value) : OptionalLong.empty();
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
