package dev.seedloop.embedding;

import dev.seedloop.schemas.avro.Embedding;
import dev.seedloop.schemas.avro.PoolEntry;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;

/** Vectors as records carry them ({@link Embedding}: the model's name, 32-bit little-endian floats, a caveat). */
public final class EmbeddingRecords {

    private EmbeddingRecords() {
    }

    /**
     * Gives each pool entry that has none the vector of its instruction, {@code batchSize} at a time, in place; an
     * entry whose text the model refuses keeps none (the semantic rule says so when it meets it). Returns how many got
     * one.
     */
    public static int embedInto(List<PoolEntry> entries, InstructionEmbedder embedder, int batchSize) {
        return embedInto(entries, PoolEntry::getInstruction, PoolEntry::getEmbedding, PoolEntry::setEmbedding,
                embedder, batchSize);
    }

    /**
     * As {@link #embedInto(List, InstructionEmbedder, int)}, for any record with an instruction and an embedding:
     * those without a vector of the embedder's model get one, in place.
     */
    public static <T> int embedInto(List<T> records, Function<T, String> instruction,
            Function<T, Embedding> embedding, BiConsumer<T, Embedding> setEmbedding, InstructionEmbedder embedder,
            int batchSize) {
        List<T> missing = records.stream().filter(record -> embedding.apply(record) == null
                || !embedder.model().equals(embedding.apply(record).getModel())).toList();
        int embedded = 0;
        for (int from = 0; from < missing.size(); from += batchSize) {
            List<T> batch = missing.subList(from, Math.min(missing.size(), from + batchSize));
            List<InstructionEmbedder.Result> results = embedder.embed(batch.stream().map(instruction).toList());
            for (int i = 0; i < batch.size(); i++) {
                if (results.get(i) instanceof InstructionEmbedder.Embedded vector) {
                    setEmbedding.accept(batch.get(i), of(vector));
                    embedded++;
                }
            }
        }
        return embedded;
    }

    public static Embedding of(InstructionEmbedder.Embedded embedded) {
        return of(embedded.model(), embedded.vector(), embedded.caveat());
    }

    public static Embedding of(String model, float[] vector, String caveat) {
        ByteBuffer bytes = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(vector);
        return Embedding.newBuilder().setModel(model).setVector(bytes).setCaveat(caveat).build();
    }

    /**
     * The unit vector {@code embedding} carries when it is of {@code model}: empty for no embedding or another model;
     * an {@link EmbeddingException} when its bytes are not a usable vector (a record written by something else).
     */
    public static Optional<float[]> vector(Embedding embedding, String model) {
        if (embedding == null || !model.equals(embedding.getModel())) {
            return Optional.empty();
        }
        ByteBuffer bytes = embedding.getVector().duplicate().order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.remaining() == 0 || bytes.remaining() % Float.BYTES != 0) {
            throw new EmbeddingException("a vector of " + bytes.remaining() + " bytes: not whole 32-bit floats");
        }
        float[] vector = new float[bytes.remaining() / Float.BYTES];
        bytes.asFloatBuffer().get(vector);
        try {
            return Optional.of(Vectors.unit(vector));
        } catch (IllegalArgumentException e) {
            throw new EmbeddingException("a vector of model " + model + " with a value that is not a number, or "
                    + "only zeros");
        }
    }
}
