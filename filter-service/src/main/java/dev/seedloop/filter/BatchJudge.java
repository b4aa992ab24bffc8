package dev.seedloop.filter;

import dev.seedloop.filter.dedup.NearDuplicateIndex;
import dev.seedloop.filter.rule.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Judges instructions in order, each against the pool plus every earlier one accepted, as {@link PoolJudge}
 * would one at a time, but on several threads: a chunk is judged in parallel against the pool as it stood
 * before the chunk; then, in order, each verdict the chunk could change is checked against the entries the chunk
 * has added so far (the same index, restricted to its newest entries), and acceptances join the pool. The
 * decisions, scores and duplicate entries are the same as one at a time.
 */
public final class BatchJudge implements AutoCloseable {

    private static final int CHUNK = 256;

    private final PoolJudge judge;
    private final ExecutorService workers;
    private final List<NearDuplicateIndex.Searcher> searchers = new ArrayList<>();
    private final int threads;

    public BatchJudge(PoolJudge judge, int threads) {
        this.judge = judge;
        this.threads = Math.max(1, threads);
        AtomicInteger count = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(this.threads, runnable -> {
            Thread thread = new Thread(runnable, "batch-judge-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        for (int i = 0; i < this.threads; i++) {
            searchers.add(judge.searcher());
        }
    }

    /** Judges {@code instructions} in order and admits the accepted ones; one decision each, in order. */
    public List<Decision> judgeAndAdmit(List<String> instructions) throws InterruptedException {
        List<Decision> results = new ArrayList<>(instructions.size());
        for (int start = 0; start < instructions.size(); start += CHUNK) {
            List<String> chunk = instructions.subList(start, Math.min(instructions.size(), start + CHUNK));
            PoolJudge.Text[] texts = new PoolJudge.Text[chunk.size()];
            PoolJudge.Judgement[] verdicts = againstPool(chunk, texts);
            resolve(texts, verdicts, results);
        }
        return results;
    }

    private PoolJudge.Judgement[] againstPool(List<String> chunk, PoolJudge.Text[] texts)
            throws InterruptedException {
        PoolJudge.Judgement[] verdicts = new PoolJudge.Judgement[chunk.size()];
        List<Future<?>> parts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int first = t;
            NearDuplicateIndex.Searcher searcher = searchers.get(t);
            parts.add(workers.submit(() -> {
                for (int k = first; k < chunk.size(); k += threads) {
                    texts[k] = PoolJudge.Text.of(chunk.get(k));
                    verdicts[k] = judge.judge(texts[k], searcher);
                }
            }));
        }
        for (Future<?> part : parts) {
            try {
                part.get();
            } catch (ExecutionException e) {
                throw new IllegalStateException("judging failed", e.getCause());
            }
        }
        return verdicts;
    }

    /**
     * In order: each verdict the chunk could change (a pass, or a near-duplicate whose closest match might be
     * newer) against the chunk's own acceptances so far; acceptances join the pool.
     */
    private void resolve(PoolJudge.Text[] texts, PoolJudge.Judgement[] verdicts, List<Decision> results) {
        int chunkStart = judge.nextEntry();
        for (int k = 0; k < texts.length; k++) {
            PoolJudge.Judgement verdict = verdicts[k];
            boolean open = verdict instanceof PoolJudge.Judgement.Pass
                    || (verdict instanceof PoolJudge.Judgement.Fail fail
                            && FilterRules.NEAR_DUPLICATE.equals(fail.violation().rule()));
            if (open && judge.nextEntry() > chunkStart) {
                verdict = againstChunk(texts[k], verdict, chunkStart);
            }
            int entry = verdict instanceof PoolJudge.Judgement.Pass ? judge.admit(texts[k]) : -1;
            results.add(new Decision(verdict, entry));
        }
    }

    private PoolJudge.Judgement againstChunk(PoolJudge.Text text, PoolJudge.Judgement verdict, int chunkStart) {
        FilterRules rules = judge.rules();
        int same = judge.entryOf(text.id());
        if (rules.exactDuplicate() && same >= chunkStart) {
            return new PoolJudge.Judgement.Fail(verdict.id(), Violation.measured(FilterRules.EXACT_DUPLICATE,
                    "same normalised text as pool entry " + verdict.id(), 1.0, 1.0), same);
        }
        if (rules.nearDuplicateThreshold().isEmpty()) {
            return verdict;
        }
        double poolScore = verdict instanceof PoolJudge.Judgement.Pass pass ? pass.score()
                : ((PoolJudge.Judgement.Fail) verdict).violation().score().orElse(0.0);
        NearDuplicateIndex.Match local = judge.bestSince(text, chunkStart);
        // Pool entries come before the chunk's, so on a tie the pool's match stands, as in a scan in entry order.
        if (!local.found() || local.score() <= poolScore) {
            return verdict;
        }
        double threshold = rules.nearDuplicateThreshold().getAsDouble();
        if (local.score() > threshold) {
            return new PoolJudge.Judgement.Fail(verdict.id(), Violation.measured(FilterRules.NEAR_DUPLICATE,
                    "ROUGE-L F " + local.score() + " > " + threshold + " against pool entry "
                            + judge.idOf(local.entry()), local.score(), threshold), local.entry());
        }
        return new PoolJudge.Judgement.Pass(verdict.id(), local.score(), local.entry());
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }

    /**
     * A verdict, and the pool entry an accepted instruction got (-1 when rejected).
     */
    public record Decision(PoolJudge.Judgement judgement, int entry) {
    }
}
