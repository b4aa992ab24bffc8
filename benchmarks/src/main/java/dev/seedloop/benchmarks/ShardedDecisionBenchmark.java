package dev.seedloop.benchmarks;

import dev.seedloop.filter.FilterRules;
import dev.seedloop.filter.PoolJudge;
import dev.seedloop.filter.shard.CandidateVerdict;
import dev.seedloop.filter.shard.JudgeSequencer;
import dev.seedloop.filter.shard.PoolShard;
import dev.seedloop.filter.shard.ShardAnswer;
import dev.seedloop.runtime.config.ConfigSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The sharded decision in one process, without Kafka: what splitting the pool buys and what the sequencer costs. A
 * pool of N synthetic instructions is loaded into the single judge and into S shards; then C candidates are judged
 * by the single judge on one thread, and by the shards, each on its own thread answering candidates as fast as it can
 * but at most W candidates ahead of the sequencer's last verdict (applying the decisions published so far first),
 * with the sequencer on another thread deciding each candidate once every shard has answered: the further ahead a
 * shard answers, the more decisions the sequencer completes its answer with. Every sharded verdict is compared with
 * the single judge's.
 * <p>
 * {@code benchmarks/run sharded-decision [--pool N] [--candidates C] [--shards 1,2,4] [--window W]}
 */
public final class ShardedDecisionBenchmark {

    private ShardedDecisionBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int poolSize = Integer.parseInt(option(args, "--pool", "1000000"));
        int candidateCount = Integer.parseInt(option(args, "--candidates", "20000"));
        int[] shardCounts = Arrays.stream(option(args, "--shards", "1,2,4").split(",")).mapToInt(Integer::parseInt)
                .toArray();
        int window = Integer.parseInt(option(args, "--window", "32"));
        FilterRules rules = FilterRules.from(ConfigSource.ofValues(Map.of("filter.semantic-duplicate.enabled",
                "false")));
        SyntheticInstructions lines = new SyntheticInstructions(1, 0.1, 0.7);
        List<PoolJudge.Text> pool = lines.next(poolSize).stream().map(PoolJudge.Text::of).toList();
        List<PoolJudge.Text> candidates = lines.next(candidateCount).stream().map(PoolJudge.Text::of).toList();
        System.out.printf(Locale.ROOT, "# the sharded decision in one process: a pool of %,d synthetic instructions, "
                + "%,d candidates, the lexical rules; %d cores, Java %s%n", poolSize, candidateCount,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));

        PoolJudge single = new PoolJudge(rules);
        single.beginBulkLoad();
        pool.forEach(single::admit);
        single.endBulkLoad();
        long started = System.nanoTime();
        List<CandidateVerdict> expected = new ArrayList<>();
        for (PoolJudge.Text text : candidates) {
            PoolJudge.Judgement judgement = single.judge(text);
            expected.add(CandidateVerdict.of(judgement, single));
            if (judgement instanceof PoolJudge.Judgement.Pass) {
                single.admit(text);
            }
        }
        double singleRate = candidateCount / ((System.nanoTime() - started) / 1e9);
        long rejected = expected.stream().filter(verdict -> !verdict.passed()).count();
        System.out.printf(Locale.ROOT, "single judge, one thread: %,.0f candidates/s (%,d rejected)%n", singleRate,
                rejected);
        single = null;

        for (int shardCount : shardCounts) {
            run(rules, pool, candidates, expected, shardCount, window, singleRate);
        }
    }

    private static void run(FilterRules rules, List<PoolJudge.Text> pool, List<PoolJudge.Text> candidates,
            List<CandidateVerdict> expected, int shardCount, int window, double singleRate) throws InterruptedException {
        JudgeSequencer sequencer = new JudgeSequencer(rules, shardCount);
        List<PoolShard> shards = new ArrayList<>();
        for (int s = 0; s < shardCount; s++) {
            shards.add(new PoolShard(rules, s, shardCount));
        }
        // The pool joins as decisions 0..N-1, which every shard has applied before the candidates come
        for (PoolJudge.Text text : pool) {
            JudgeSequencer.Admission admission = sequencer.admit(text);
            shards.get(PoolShard.of(text.id(), shardCount)).admit(admission.text(), admission.sequence());
        }
        List<ShardAnswer> loaded = new ArrayList<>();
        shards.forEach(shard -> loaded.add(new ShardAnswer(shard.shard(), shard.applied(), false, null, null)));
        sequencer.forget(loaded);

        // Decisions published by the sequencer, read by every shard in order
        AtomicReferenceArray<JudgeSequencer.Admission> published = new AtomicReferenceArray<>(candidates.size());
        AtomicInteger publishedCount = new AtomicInteger();
        AtomicInteger decided = new AtomicInteger();
        AtomicReferenceArray<ShardAnswer>[] answers = newAnswers(shardCount, candidates.size());
        List<Thread> threads = new ArrayList<>();
        long started = System.nanoTime();
        for (PoolShard shard : shards) {
            Thread thread = new Thread(() -> {
                int applied = 0;
                for (int k = 0; k < candidates.size(); k++) {
                    while (decided.get() < k - window) {
                        Thread.yield();
                    }
                    int available = publishedCount.get();
                    while (applied < available) {
                        JudgeSequencer.Admission admission = published.get(applied++);
                        if (PoolShard.of(admission.text().id(), shardCount) == shard.shard()) {
                            shard.admit(admission.text(), admission.sequence());
                        }
                    }
                    answers[shard.shard()].set(k, shard.answer(candidates.get(k)));
                }
            }, "shard-" + shard.shard());
            thread.start();
            threads.add(thread);
        }
        int differences = 0;
        long deciding = 0;
        int maxRecent = 0;
        List<ShardAnswer> collected = new ArrayList<>(shardCount);
        for (int k = 0; k < candidates.size(); k++) {
            collected.clear();
            for (int s = 0; s < shardCount; s++) {
                ShardAnswer answer;
                while ((answer = answers[s].get(k)) == null) {
                    Thread.yield();
                }
                collected.add(answer);
            }
            long decideStarted = System.nanoTime();
            CandidateVerdict verdict = sequencer.decide(candidates.get(k), collected);
            if (verdict.passed()) {
                published.set(publishedCount.get(), sequencer.admit(candidates.get(k)));
                publishedCount.incrementAndGet();
            }
            maxRecent = Math.max(maxRecent, sequencer.recent());
            sequencer.forget(collected);
            deciding += System.nanoTime() - decideStarted;
            decided.incrementAndGet();
            if (!verdict.equals(expected.get(k))) {
                differences++;
            }
        }
        for (Thread thread : threads) {
            thread.join();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        double rate = candidates.size() / seconds;
        System.out.printf(Locale.ROOT, "%d shard%s, window %d: %,.0f candidates/s (%.2f x the single judge), the sequencer "
                + "busy %.1f µs a candidate (%,.0f candidates/s if it were the only limit), at most %,d decisions "
                + "completed from its recent list; differences from the single judge: %d of %,d%n", shardCount,
                shardCount == 1 ? "" : "s", window, rate, rate / singleRate, deciding / 1e3 / candidates.size(),
                candidates.size() / (deciding / 1e9), maxRecent, differences, candidates.size());
    }

    @SuppressWarnings("unchecked")
    private static AtomicReferenceArray<ShardAnswer>[] newAnswers(int shards, int candidates) {
        AtomicReferenceArray<ShardAnswer>[] answers = new AtomicReferenceArray[shards];
        for (int s = 0; s < shards; s++) {
            answers[s] = new AtomicReferenceArray<>(candidates);
        }
        return answers;
    }

    private static String option(String[] args, String name, String fallback) {
        List<String> list = List.of(args);
        int at = list.indexOf(name);
        return at >= 0 && at + 1 < list.size() ? list.get(at + 1) : fallback;
    }
}
