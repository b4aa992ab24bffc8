package dev.seedloop.runtime.llm;

import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * One chat request: a system message, a user message, optional stop sequences and an optional temperature that
 * overrides the configured one (deterministic judgements use 0).
 */
public record LlmRequest(String system, String user, List<String> stop, OptionalDouble temperature) {

    public LlmRequest {
        Objects.requireNonNull(system, "system");
        Objects.requireNonNull(user, "user");
        stop = List.copyOf(stop);
        Objects.requireNonNull(temperature, "temperature");
    }

    public static LlmRequest of(String system, String user) {
        return new LlmRequest(system, user, List.of(), OptionalDouble.empty());
    }

    public LlmRequest withStop(List<String> sequences) {
        return new LlmRequest(system, user, sequences, temperature);
    }
}
