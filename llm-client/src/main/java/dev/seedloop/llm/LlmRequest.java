package dev.seedloop.llm;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * One chat request: a system message, a user message, stop sequences, a temperature and token limit that
 * override the configured ones where given (a deterministic yes/no judgement asks for temperature 0, 3 tokens),
 * and the marker of the prompt it was rendered from, if any ({@link PromptTemplate#request(String)}).
 */
public record LlmRequest(String system, String user, List<String> stop, OptionalDouble temperature,
        OptionalInt maxTokens, Optional<PromptMarker> marker) {

    public LlmRequest {
        Objects.requireNonNull(system, "system");
        Objects.requireNonNull(user, "user");
        stop = List.copyOf(stop);
        Objects.requireNonNull(temperature, "temperature");
        Objects.requireNonNull(maxTokens, "maxTokens");
        Objects.requireNonNull(marker, "marker");
    }

    /** A request written by hand, from no prompt file: the whole user message is the question. */
    public static LlmRequest of(String system, String user) {
        return new LlmRequest(system, user, List.of(), OptionalDouble.empty(), OptionalInt.empty(),
                Optional.empty());
    }

    public LlmRequest withStop(List<String> sequences) {
        return new LlmRequest(system, user, sequences, temperature, maxTokens, marker);
    }

    public LlmRequest withTemperature(double value) {
        return new LlmRequest(system, user, stop, OptionalDouble.of(value), maxTokens, marker);
    }

    public LlmRequest withMaxTokens(int value) {
        return new LlmRequest(system, user, stop, temperature, OptionalInt.of(value), marker);
    }
}
