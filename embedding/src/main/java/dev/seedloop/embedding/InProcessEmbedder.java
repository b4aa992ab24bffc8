package dev.seedloop.embedding;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * BGE small English v1.5, quantized (BAAI; 384 dimensions, CLS pooling), run in this process by ONNX Runtime from
 * the model file inside langchain4j's jar: no download, no server. Chosen over all-MiniLM-L6-v2 and e5-small-v2 by the
 * calibration on hand-written paraphrase pairs (docs/BENCHMARKS.md). English only: text in other scripts is embedded,
 * but its vectors mean little. Texts longer than the model's 512-token window are split and their vectors averaged
 * by langchain4j. Thread-safe; batches run on {@code threads} threads.
 */
public final class InProcessEmbedder implements Embedder {

    public static final String MODEL = "in-process:bge-small-en-v1.5-q";
    public static final int DIMENSION = 384;

    private final ExecutorService executor;
    private final EmbeddingModel model;

    public InProcessEmbedder(int threads) {
        this.executor = Executors.newFixedThreadPool(Math.max(1, threads), runnable -> {
            Thread thread = new Thread(runnable, "embedding");
            thread.setDaemon(true);
            return thread;
        });
        this.model = new BgeSmallEnV15QuantizedEmbeddingModel(executor);
    }

    @Override
    public String model() {
        return MODEL;
    }

    @Override
    public int dimension() {
        return DIMENSION;
    }

    @Override
    public boolean englishOnly() {
        return true;
    }

    @Override
    public List<float[]> embed(List<String> texts) {
        List<TextSegment> segments = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            String text = texts.get(i);
            if (text == null || text.isBlank()) {
                throw new IllegalArgumentException("text " + i + " is empty: nothing to embed");
            }
            segments.add(TextSegment.from(text));
        }
        List<float[]> vectors = new ArrayList<>(texts.size());
        model.embedAll(segments).content().forEach(embedding -> vectors.add(Vectors.unit(embedding.vector())));
        return vectors;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
