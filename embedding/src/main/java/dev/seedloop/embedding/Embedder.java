package dev.seedloop.embedding;

import java.util.List;

/**
 * Texts to unit-length vectors, with one model. The model's name travels with every vector it makes: vectors of
 * different models are never compared (changing the model is a replay).
 */
public interface Embedder extends AutoCloseable {

    /** The model, as vectors record it: {@code <provider>:<model>}, such as {@code in-process:bge-small-en-v1.5-q}. */
    String model();

    /** The length of every vector it makes. */
    int dimension();

    /**
     * One unit-length vector per text, in order. A text that holds nothing to embed (empty or whitespace) is refused
     * with an {@link IllegalArgumentException} naming its position: the caller rejects it with that reason.
     */
    List<float[]> embed(List<String> texts);

    /** Whether the model knows English only: text in other scripts is embedded, with a caveat. */
    default boolean englishOnly() {
        return false;
    }

    @Override
    default void close() {
    }
}
