package dev.seedloop.benchmarks;

import dev.seedloop.filter.BatchJudge;
import dev.seedloop.filter.FilterRules;
import dev.seedloop.filter.PoolJudge;
import dev.seedloop.filter.dedup.BruteForceScan;
import dev.seedloop.filter.dedup.NearDuplicateIndex;
import dev.seedloop.filter.dedup.RougeTokenizer;
import dev.seedloop.filter.rule.Rule;
import dev.seedloop.filter.rule.RuleStage;
import dev.seedloop.filter.rule.Rules;
import dev.seedloop.runtime.config.ConfigSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The near-duplicate check at scale, against the brute-force scan in the same run:
 * <ol>
 *   <li>checks per second against pools of several sizes, on one thread and on all threads;</li>
 *   <li>the brute-force scan on a sample at the smaller sizes, with every decision compared;</li>
 *   <li>growing a pool sequentially from a stream of lines (each accepted line joins the pool), with the first
 *       lines' decisions compared to a sequential scan;</li>
 *   <li>the heap a pool of the largest size takes.</li>
 * </ol>
 * Lines come from {@link SyntheticInstructions}. Options: --pools, --queries, --threads, --brute-pools,
 * --brute-sample, --growth, --growth-check, --keep, --seed.
 */
public final class DedupBenchmark {

    private DedupBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        List<Integer> pools = integers(options.getOrDefault("pools", "10000,100000,1000000"));
        List<Integer> brutePools = integers(options.getOrDefault("brute-pools", "10000,100000,1000000"));
        int queries = Integer.parseInt(options.getOrDefault("queries", "20000"));
        int threads = Integer.parseInt(options.getOrDefault("threads",
                Integer.toString(Runtime.getRuntime().availableProcessors())));
        int bruteSample = Integer.parseInt(options.getOrDefault("brute-sample", "1000"));
        int growth = Integer.parseInt(options.getOrDefault("growth", "1000000"));
        int growthCheck = Integer.parseInt(options.getOrDefault("growth-check", "20000"));
        double keep = Double.parseDouble(options.getOrDefault("keep", "0.7"));
        long seed = Long.parseLong(options.getOrDefault("seed", "1"));

        System.out.printf(Locale.ROOT, "# near-duplicate check, threshold 0.7; %d cores, Java %s, max heap %d MiB%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                Runtime.getRuntime().maxMemory() >> 20);
        System.out.printf(Locale.ROOT, "# lines: SyntheticInstructions(seed=%d, near-duplicate share 0.1, "
                + "structure kept %.1f)%n%n", seed, keep);
        System.out.println("| pool | near-duplicate queries | index, 1 thread (checks/s) | index, " + threads
                + " threads (checks/s) | brute force, 1 thread (checks/s) | index / brute force | decisions "
                + "checked against brute force | mismatches |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        for (int size : pools) {
            SyntheticInstructions lines = new SyntheticInstructions(seed, 0.1, keep);
            List<String> pool = lines.next(size);
            List<String> probes = lines.next(queries);
            // The scan takes O(pool) per check: fewer checks at the largest sizes keep the run short.
            int sample = brutePools.contains(size) ? Math.max(100, Math.min(bruteSample, 200_000_000 / size)) : 0;
            poolRow(size, pool, probes, threads, sample);
        }
        if (growth > 0) {
            growthRow(new SyntheticInstructions(seed + 1, 0.1, keep).next(growth), threads, growthCheck);
        }
        if (!pools.isEmpty()) {
            int largest = pools.stream().mapToInt(Integer::intValue).max().getAsInt();
            memoryRow(new SyntheticInstructions(seed, 0.1, keep).next(largest));
        }
    }

    private static void poolRow(int size, List<String> pool, List<String> probes, int threads, int bruteSample)
            throws Exception {
        NearDuplicateIndex index = new NearDuplicateIndex(0.7);
        index.beginBulkLoad();
        pool.forEach(index::add);
        index.endBulkLoad();
        List<List<String>> tokenized = probes.stream().map(RougeTokenizer::tokenize).toList();
        int found = 0;
        double single = 0;
        for (int round = 0; round < 2; round++) {
            long started = System.nanoTime();
            found = 0;
            for (List<String> tokens : tokenized) {
                if (index.best(tokens).found()) {
                    found++;
                }
            }
            single = probes.size() / ((System.nanoTime() - started) / 1e9);
        }
        double parallel = 0;
        ExecutorService workers = Executors.newFixedThreadPool(threads);
        try {
            List<NearDuplicateIndex.Searcher> searchers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                searchers.add(index.searcher());
            }
            for (int round = 0; round < 2; round++) {
                long started = System.nanoTime();
                List<Future<?>> parts = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int first = t;
                    parts.add(workers.submit(() -> {
                        for (int k = first; k < tokenized.size(); k += threads) {
                            searchers.get(first).best(tokenized.get(k));
                        }
                    }));
                }
                for (Future<?> part : parts) {
                    part.get();
                }
                parallel = probes.size() / ((System.nanoTime() - started) / 1e9);
            }
        } finally {
            workers.shutdownNow();
        }
        String brute = "-";
        String ratio = "-";
        String checked = "-";
        String mismatches = "-";
        if (bruteSample > 0) {
            BruteForceScan scan = new BruteForceScan();
            pool.forEach(scan::add);
            List<String> sample = probes.subList(0, Math.min(bruteSample, probes.size()));
            long started = System.nanoTime();
            List<NearDuplicateIndex.Match> truth = new ArrayList<>();
            for (String probe : sample) {
                truth.add(scan.best(probe));
            }
            double bruteRate = sample.size() / ((System.nanoTime() - started) / 1e9);
            int wrong = 0;
            for (int k = 0; k < sample.size(); k++) {
                NearDuplicateIndex.Match fast = index.best(sample.get(k));
                NearDuplicateIndex.Match slow = truth.get(k);
                boolean same = fast.found() == (slow.score() > 0.7)
                        && (!fast.found() || (fast.score() == slow.score() && fast.entry() == slow.entry()));
                if (!same) {
                    wrong++;
                }
            }
            brute = format(bruteRate);
            ratio = String.format(Locale.ROOT, "%.0f x", single / bruteRate);
            checked = Integer.toString(sample.size());
            mismatches = Integer.toString(wrong);
        }
        System.out.printf(Locale.ROOT, "| %,d | %.1f%% | %s | %s | %s | %s | %s | %s |%n", size,
                100.0 * found / probes.size(), format(single), format(parallel), brute, ratio, checked, mismatches);
    }

    private static void growthRow(List<String> lines, int threads, int check) throws Exception {
        FilterRules rules = FilterRules.from(ConfigSource.ofValues(nearDuplicateOnly()));
        PoolJudge judge = new PoolJudge(rules);
        long started = System.nanoTime();
        List<PoolJudge.Judgement> verdicts;
        try (BatchJudge batch = new BatchJudge(judge, threads)) {
            verdicts = batch.judgeAndAdmit(lines).stream().map(BatchJudge.Decision::judgement).toList();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        long accepted = verdicts.stream().filter(v -> v instanceof PoolJudge.Judgement.Pass).count();
        BruteForceScan scan = new BruteForceScan();
        int wrong = 0;
        int checked = Math.min(check, lines.size());
        for (int k = 0; k < checked; k++) {
            boolean reject = scan.best(lines.get(k)).score() > 0.7;
            if (!reject) {
                scan.add(lines.get(k));
            }
            if (reject != (verdicts.get(k) instanceof PoolJudge.Judgement.Fail)) {
                wrong++;
            }
        }
        System.out.printf(Locale.ROOT, "%nGrowing a pool from %,d lines, each judged against every line accepted "
                + "before it (%d threads): %.1f s (%s lines/s), %,d accepted; the first %,d decisions checked "
                + "against a sequential brute-force scan: %d mismatches.%n", lines.size(), threads, seconds,
                format(lines.size() / seconds), accepted, checked, wrong);
    }

    private static void memoryRow(List<String> lines) {
        PoolJudge judge = new PoolJudge(FilterRules.from(ConfigSource.ofValues(Map.of())));
        Runtime runtime = Runtime.getRuntime();
        System.gc();
        long before = runtime.totalMemory() - runtime.freeMemory();
        judge.beginBulkLoad();
        lines.forEach(judge::admit);
        judge.endBulkLoad();
        System.gc();
        long after = runtime.totalMemory() - runtime.freeMemory();
        System.out.printf(Locale.ROOT, "%nHeap held by a pool of %,d instructions (ids, tokens, postings, dictionary): "
                + "%d MiB (of %d MiB allowed).%n", judge.size(), (after - before) >> 20, runtime.maxMemory() >> 20);
    }

    /** Every instruction rule off but the duplicate rules, which judge against the pool. */
    private static Map<String, String> nearDuplicateOnly() {
        Map<String, String> values = new HashMap<>();
        for (Rule rule : Rules.of(RuleStage.INSTRUCTION)) {
            if (!rule.name().equals(FilterRules.EXACT_DUPLICATE) && !rule.name().equals(FilterRules.NEAR_DUPLICATE)) {
                values.put(Rules.enabledKey(rule).name(), "false");
            }
        }
        return values;
    }

    private static String format(double rate) {
        return String.format(Locale.ROOT, "%,.0f", rate);
    }

    private static List<Integer> integers(String list) {
        return list.isBlank() ? List.of()
                : java.util.Arrays.stream(list.split(",")).map(String::strip).map(Integer::parseInt).toList();
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --option value, got " + args[i]);
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        return options;
    }
}
