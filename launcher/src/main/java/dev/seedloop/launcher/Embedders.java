package dev.seedloop.launcher;

import dev.seedloop.embedding.EmbeddingConfig;
import dev.seedloop.embedding.InstructionEmbedder;
import dev.seedloop.llm.LlmSettings;
import dev.seedloop.llm.RemoteEmbedder;
import dev.seedloop.runtime.config.ConfigSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The embedder a command that writes pool records uses (ingest, the demo's seed tasks), from the same keys as the
 * stages ({@code embedding.*}, and {@code llm.*} for a remote endpoint), so the vectors it writes are of the model
 * the filter compares with.
 */
public final class Embedders {

    private Embedders() {
    }

    /**
     * The process environment's LLM endpoint only ({@code OPENAI_*}, {@code SEEDLOOP_LLM_*}): what a command whose
     * rules come from its options alone reads for a remote embedding model.
     */
    public static Map<String, String> endpointEnvironment() {
        Map<String, String> endpoint = new HashMap<>(System.getenv());
        endpoint.keySet().removeIf(name -> !name.startsWith("OPENAI_") && !name.startsWith("SEEDLOOP_LLM_"));
        return endpoint;
    }

    /** The configured embedder, or empty for {@code embedding.provider=none}. */
    public static Optional<InstructionEmbedder> open(ConfigSource source, String stage) {
        EmbeddingConfig config = EmbeddingConfig.from(source);
        return InstructionEmbedder.open(config, embedding -> RemoteEmbedder.standalone(stage,
                LlmSettings.from(source, 0.0, 16), embedding, new SimpleMeterRegistry()));
    }
}
