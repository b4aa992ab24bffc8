package dev.seedloop.llm;

import dev.seedloop.embedding.Embedder;
import dev.seedloop.embedding.EmbeddingConfig;
import dev.seedloop.embedding.EmbeddingException;
import dev.seedloop.embedding.Vectors;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Vectors from any OpenAI-compatible {@code /v1/embeddings} endpoint (OpenAI's text-embedding-3-small, or bge-m3
 * served by vLLM, TEI or Ollama for text in other languages), through the stage's {@link LlmGateway}: the same
 * concurrency limit, rate limits, retries and cost accounting as chat calls. Texts go in batches of
 * {@code batchSize}, sent together. Every answer is checked before it is used: one vector per text, all of one
 * length (the first answer's, unless a length is expected), finite numbers, a direction; anything else fails the
 * call with an {@link EmbeddingException} that says what was wrong.
 */
public final class RemoteEmbedder implements Embedder {

    private final LlmGateway gateway;
    private final String model;
    private final int batchSize;
    private volatile int dimension;
    private final boolean ownsGateway;

    /**
     * @param dimension the length every vector must have, or 0 to take the first answer's
     */
    public RemoteEmbedder(LlmGateway gateway, String model, int batchSize, int dimension) {
        this(gateway, model, batchSize, dimension, false);
    }

    private RemoteEmbedder(LlmGateway gateway, String model, int batchSize, int dimension, boolean ownsGateway) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("a batch holds at least one text");
        }
        this.gateway = gateway;
        this.model = model;
        this.batchSize = batchSize;
        this.dimension = dimension;
        this.ownsGateway = ownsGateway;
    }

    /**
     * An embedder with a gateway of its own (stage {@code stage}) to the endpoint {@code llm} names, for a command
     * that makes no other calls (ingest, the demo's seeding); closing it closes the gateway.
     */
    public static RemoteEmbedder standalone(String stage, LlmSettings llm, EmbeddingConfig embedding,
            MeterRegistry registry) {
        LlmGateway gateway = new LlmGateway(stage, LlmClient.create(llm), new CostMeter(llm.prices(), registry),
                registry);
        return new RemoteEmbedder(gateway, embedding.remoteModel().orElseThrow(), embedding.batchSize(), 0, true);
    }

    @Override
    public void close() {
        if (ownsGateway) {
            gateway.close();
        }
    }

    @Override
    public String model() {
        return "remote:" + model;
    }

    /** The vectors' length; 0 until the first answer when none was expected. */
    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public List<float[]> embed(List<String> texts) {
        for (int i = 0; i < texts.size(); i++) {
            if (texts.get(i) == null || texts.get(i).isBlank()) {
                throw new IllegalArgumentException("text " + i + " is empty: nothing to embed");
            }
        }
        List<CompletableFuture<EmbeddingReply>> batches = new ArrayList<>();
        for (int from = 0; from < texts.size(); from += batchSize) {
            batches.add(gateway.embed(model, texts.subList(from, Math.min(texts.size(), from + batchSize))));
        }
        List<float[]> vectors = new ArrayList<>(texts.size());
        for (int batch = 0; batch < batches.size(); batch++) {
            EmbeddingReply reply;
            try {
                reply = batches.get(batch).join();
            } catch (CompletionException e) {
                throw new EmbeddingException("the embeddings call failed: " + (e.getCause() == null ? e
                        : e.getCause()).getMessage(), e.getCause());
            }
            int sent = Math.min(batchSize, texts.size() - batch * batchSize);
            vectors.addAll(checked(reply, sent));
        }
        return vectors;
    }

    /** The reply's vectors as unit vectors, after checking them; an {@link EmbeddingException} says what is wrong. */
    List<float[]> checked(EmbeddingReply reply, int sent) {
        if (reply.vectors().size() != sent) {
            throw new EmbeddingException(reply.model() + " answered " + reply.vectors().size() + " vectors for "
                    + sent + " texts");
        }
        List<float[]> units = new ArrayList<>(sent);
        for (int i = 0; i < sent; i++) {
            float[] vector = reply.vectors().get(i);
            if (dimension == 0) {
                dimension = vector.length;
            }
            if (vector.length != dimension) {
                throw new EmbeddingException(reply.model() + " answered a vector of " + vector.length
                        + " dimensions where " + dimension + " were expected (text " + i + " of the batch)");
            }
            try {
                units.add(Vectors.unit(vector));
            } catch (IllegalArgumentException e) {
                throw new EmbeddingException(reply.model() + " answered a vector that is not usable (text " + i
                        + " of the batch): it holds a value that is not a number, or only zeros");
            }
        }
        return units;
    }
}
