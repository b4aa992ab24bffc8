package dev.seedloop.embedding;

import dev.seedloop.runtime.config.ConfigException;
import dev.seedloop.runtime.config.ConfigKey;
import dev.seedloop.runtime.config.ConfigSource;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which model the loop's vectors come from, and how they are computed: the same keys for every stage that makes or
 * compares vectors, so the generator and the filter agree on the model's name.
 *
 * @param provider      in process (the shipped model), a remote {@code /v1/embeddings} endpoint, or none
 * @param remoteModel   the remote endpoint's model name (provider {@code remote} only)
 * @param batchSize     texts per call to the model
 * @param concurrency   threads of the in-process model; calls at once are the LLM client's limit for remote
 * @param maxCharacters texts are cut to this many characters before they are embedded (the model's window)
 */
public record EmbeddingConfig(Provider provider, Optional<String> remoteModel, int batchSize, int concurrency,
        int maxCharacters) {

    /** Where vectors come from. */
    public enum Provider {
        /** bge-small-en-v1.5 in this process ({@link InProcessEmbedder}); English. */
        IN_PROCESS,
        /** Any OpenAI-compatible {@code /v1/embeddings} endpoint at {@code llm.base-url}, model {@code embedding.model}. */
        REMOTE,
        /** No vectors: the semantic rule cannot run. */
        NONE
    }

    public static final ConfigKey<Provider> PROVIDER = ConfigKey.enumeration("embedding.provider",
            Provider.IN_PROCESS, Provider.class, "Where instruction vectors come from: in-process (bge-small-en-v1.5,"
                    + " English, shipped), remote (an OpenAI-compatible /v1/embeddings at llm.base-url), or none.");
    public static final ConfigKey<Optional<String>> MODEL = ConfigKey.optional("embedding.model",
            "The remote endpoint's embedding model (text-embedding-3-small, bge-m3, ...); required with provider "
                    + "remote, not read in process.");
    public static final ConfigKey<Integer> BATCH_SIZE = ConfigKey.integer("embedding.batch-size", 64, 1, 2048,
            "Texts embedded per call to the model.");
    public static final ConfigKey<Integer> CONCURRENCY = ConfigKey.integer("embedding.concurrency",
            Runtime.getRuntime().availableProcessors(), 1, 256,
            "Threads of the in-process model (remote calls share the LLM client's concurrency limit).");
    public static final ConfigKey<Integer> MAX_CHARACTERS = ConfigKey.integer("embedding.max-characters", 2048, 16,
            1_000_000, "Texts are cut to this many characters before they are embedded, and the vector says so "
                    + "(about the 512-token window of the in-process model).");

    public static List<ConfigKey<?>> keys() {
        return List.of(PROVIDER, MODEL, BATCH_SIZE, CONCURRENCY, MAX_CHARACTERS);
    }

    public static EmbeddingConfig from(ConfigSource source) {
        Provider provider = source.get(PROVIDER);
        Optional<String> model = source.get(MODEL).map(String::strip).filter(value -> !value.isEmpty());
        if (provider == Provider.REMOTE && model.isEmpty()) {
            throw new ConfigException("embedding.provider=remote needs embedding.model: the endpoint's embedding "
                    + "model, such as text-embedding-3-small or bge-m3");
        }
        if (provider != Provider.REMOTE && model.isPresent()) {
            throw new ConfigException("embedding.model is read only with embedding.provider=remote (it is "
                    + provider.name().toLowerCase(Locale.ROOT).replace('_', '-') + "): unset it, or set the provider");
        }
        return new EmbeddingConfig(provider, model, source.get(BATCH_SIZE), source.get(CONCURRENCY),
                source.get(MAX_CHARACTERS));
    }

    /** The in-process model, the demo's and the tests' default. */
    public static EmbeddingConfig inProcess() {
        return new EmbeddingConfig(Provider.IN_PROCESS, Optional.empty(), 64,
                Runtime.getRuntime().availableProcessors(), 2048);
    }

    /** The name vectors of this configuration carry: what the filter compares with; empty for none. */
    public Optional<String> modelName() {
        return switch (provider) {
            case IN_PROCESS -> Optional.of(InProcessEmbedder.MODEL);
            case REMOTE -> remoteModel.map(model -> "remote:" + model);
            case NONE -> Optional.empty();
        };
    }
}
