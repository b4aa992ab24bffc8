package dev.seedloop.llm;

import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * One chat request: a system message, a user message, stop sequences, and a temperature and token limit that
 * override the configured ones where given (a deterministic yes/no judgement asks for temperature 0, 3 tokens).
 */
public record LlmRequest(String system, String user, List<String> stop, OptionalDouble temperature,
        OptionalInt maxTokens) {

    public LlmRequest {
        Objects.requireNonNull(system, "system");
        Objects.requireNonNull(user, "user");
        stop = List.copyOf(stop);
        Objects.requireNonNull(temperature, "temperature");
        Objects.requireNonNull(maxTokens, "maxTokens");
    }

    public LlmRequest(String system, String user, List<String> stop, OptionalDouble temperature) {
        this(system, user, stop, temperature, OptionalInt.empty());
    }

    public static LlmRequest of(String system, String user) {
        return new LlmRequest(system, user, List.of(), OptionalDouble.empty(), OptionalInt.empty());
    }

    public LlmRequest withStop(List<String> sequences) {
        return new LlmRequest(system, user, sequences, temperature, maxTokens);
    }

    public LlmRequest withTemperature(double value) {
        return new LlmRequest(system, user, stop, OptionalDouble.of(value), maxTokens);
    }

    public LlmRequest withMaxTokens(int value) {
        return new LlmRequest(system, user, stop, temperature, OptionalInt.of(value));
    }
}
