package dev.seedloop.filter;

import dev.seedloop.filter.dedup.BruteForceScan;
import dev.seedloop.filter.dedup.NearDuplicateIndex;
import dev.seedloop.filter.rules.Violation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Judges instructions in order, each against the pool plus every earlier one accepted, as {@link PoolJudge}
 * would one at a time, but on several threads: a chunk is judged in parallel against the pool as it stood
 * before the chunk, then each survivor, in order, against the chunk's earlier acceptances with a small exact
 * scan; acceptances join the pool in order. The decisions, scores and duplicate entries are the same.
 */
public final class BatchJudge implements AutoCloseable {

    private static final int CHUNK = 128;

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

    /** Judges {@code instructions} in order and admits the accepted ones; one judgement each, in order. */
    public List<PoolJudge.Judgement> judgeAndAdmit(List<String> instructions) throws InterruptedException {
        List<PoolJudge.Judgement> results = new ArrayList<>(instructions.size());
        for (int start = 0; start < instructions.size(); start += CHUNK) {
            List<String> chunk = instructions.subList(start, Math.min(instructions.size(), start + CHUNK));
            results.addAll(resolve(chunk, againstPool(chunk)));
        }
        return results;
    }

    private PoolJudge.Judgement[] againstPool(List<String> chunk) throws InterruptedException {
        PoolJudge.Judgement[] verdicts = new PoolJudge.Judgement[chunk.size()];
        List<Future<?>> parts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int first = t;
            NearDuplicateIndex.Searcher searcher = searchers.get(t);
            parts.add(workers.submit(() -> {
                for (int k = first; k < chunk.size(); k += threads) {
                    verdicts[k] = judge.judge(chunk.get(k), searcher);
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
     * Each verdict a later part of the pool could change (a pass, or a near-duplicate whose closest match might
     * be in the chunk) against the chunk's earlier acceptances, in order; acceptances join the pool.
     */
    private List<PoolJudge.Judgement> resolve(List<String> chunk, PoolJudge.Judgement[] verdicts) {
        List<PoolJudge.Judgement> results = new ArrayList<>(chunk.size());
        Chunk accepted = new Chunk();
        for (int k = 0; k < chunk.size(); k++) {
            PoolJudge.Judgement verdict = verdicts[k];
            boolean open = verdict instanceof PoolJudge.Judgement.Pass
                    || (verdict instanceof PoolJudge.Judgement.Fail fail
                            && FilterRules.NEAR_DUPLICATE.equals(fail.violation().rule()));
            if (open && !accepted.entries.isEmpty()) {
                verdict = againstChunk(chunk.get(k), verdict, accepted);
            }
            if (verdict instanceof PoolJudge.Judgement.Pass pass) {
                int entry = judge.admit(chunk.get(k));
                accepted.scan.add(chunk.get(k));
                accepted.entries.add(entry);
                accepted.ids.put(pass.id(), entry);
            }
            results.add(verdict);
        }
        return results;
    }

    private PoolJudge.Judgement againstChunk(String instruction, PoolJudge.Judgement verdict, Chunk accepted) {
        FilterRules rules = judge.rules();
        Integer same = accepted.ids.get(verdict.id());
        if (rules.exactDuplicate() && same != null) {
            return new PoolJudge.Judgement.Fail(verdict.id(), Violation.measured(FilterRules.EXACT_DUPLICATE,
                    "same normalised text as pool entry " + verdict.id(), 1.0, 1.0), same);
        }
        if (rules.nearDuplicateThreshold().isEmpty()) {
            return verdict;
        }
        double poolScore = verdict instanceof PoolJudge.Judgement.Pass pass ? pass.score()
                : ((PoolJudge.Judgement.Fail) verdict).violation().score().orElse(0.0);
        NearDuplicateIndex.Match local = accepted.scan.best(instruction);
        // Pool entries come before the chunk's, so on a tie the pool's match stands, as in a scan in entry order.
        if (local.entry() < 0 || local.score() <= poolScore) {
            return verdict;
        }
        int entry = accepted.entries.get(local.entry());
        double threshold = rules.nearDuplicateThreshold().getAsDouble();
        if (local.score() > threshold) {
            return new PoolJudge.Judgement.Fail(verdict.id(), Violation.measured(FilterRules.NEAR_DUPLICATE,
                    "ROUGE-L F " + local.score() + " > " + threshold + " against pool entry " + judge.idOf(entry),
                    local.score(), threshold), entry);
        }
        // Above the floor a score is exact and names its entry; below it, only the score is known.
        return new PoolJudge.Judgement.Pass(verdict.id(), local.score(),
                local.score() > judge.scoreFloor() ? entry : -1);
    }

    /** What the current chunk has accepted so far. */
    private static final class Chunk {
        final BruteForceScan scan = new BruteForceScan();
        final List<Integer> entries = new ArrayList<>();
        final Map<String, Integer> ids = new HashMap<>();
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
