package dev.seedloop.generator;

import dev.seedloop.embedding.EmbeddingRecords;
import dev.seedloop.embedding.InstructionEmbedder;
import dev.seedloop.schemas.avro.CandidateInstruction;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives each candidate its instruction's vector before it is written, so the filter's single judge only looks
 * vectors up: embedding is the expensive step, and here it runs beside the LLM calls of every generator instance
 * (a unit's candidates in one batch, on a thread of its own, never on the thread that answered the call). A
 * candidate the model could not embed is written without a vector, counted and logged: the semantic rule rejects it
 * with that reason, and every other rule judges it as usual.
 */
final class CandidateVectors implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(CandidateVectors.class);

    private final InstructionEmbedder embedder;
    private final ExecutorService thread;
    private final Counter embedded;
    private final Counter failed;
    private final Timer timer;

    CandidateVectors(InstructionEmbedder embedder, MeterRegistry registry) {
        this.embedder = embedder;
        this.thread = Executors.newSingleThreadExecutor(runnable -> {
            Thread named = new Thread(runnable, "candidate-vectors");
            named.setDaemon(true);
            return named;
        });
        this.embedded = Counter.builder("seedloop.embedding.texts").tag("stage", GeneratorService.STAGE)
                .tag("outcome", "embedded").description("Texts embedded, by stage and outcome").register(registry);
        this.failed = Counter.builder("seedloop.embedding.texts").tag("stage", GeneratorService.STAGE)
                .tag("outcome", "failed").description("Texts embedded, by stage and outcome").register(registry);
        this.timer = Timer.builder("seedloop.embedding.batch").tag("stage", GeneratorService.STAGE)
                .description("Time to embed one batch").register(registry);
    }

    /** {@code generated} with a vector on each candidate the model could embed. */
    CompletableFuture<Generated> embed(Generated generated) {
        if (generated.candidates().isEmpty()) {
            return CompletableFuture.completedFuture(generated);
        }
        return CompletableFuture.supplyAsync(() -> {
            embedInto(generated.candidates());
            return generated;
        }, thread);
    }

    private void embedInto(List<CandidateInstruction> candidates) {
        List<InstructionEmbedder.Result> results;
        long started = System.nanoTime();
        try {
            results = embedder.embed(candidates.stream().map(CandidateInstruction::getInstruction).toList());
        } catch (RuntimeException e) {
            failed.increment(candidates.size());
            LOGGER.warn("{} candidates are written without a vector: {}", candidates.size(), e.getMessage());
            return;
        } finally {
            timer.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        }
        for (int i = 0; i < candidates.size(); i++) {
            if (results.get(i) instanceof InstructionEmbedder.Embedded vector) {
                candidates.get(i).setEmbedding(EmbeddingRecords.of(vector));
                embedded.increment();
            } else {
                failed.increment();
            }
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
        embedder.close();
    }
}
