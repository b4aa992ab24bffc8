package dev.seedloop.benchmarks;

import dev.seedloop.filter.FilterRules;
import dev.seedloop.filter.PoolJudge;
import dev.seedloop.filter.dedup.RougeTokenizer;
import dev.seedloop.runtime.config.ConfigSource;
import dev.seedloop.schemas.InstructionId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * The judge as the filter runs it, with both pool indexes (the lexical one for ROUGE-L and the vectors for the
 * semantic rule) over one pool: the heap and the direct memory a pool of N entries takes, and candidates judged a
 * second on one thread by every rule of the default preset. Lines come from {@link SyntheticInstructions}, vectors
 * from the recipe of {@link VectorIndexBenchmark} (real bge-small-en-v1.5 embeddings of Alpaca instructions, and
 * points between two of them plus a little noise); half the candidates carry a near copy of a pool vector.
 * <p>
 * {@code benchmarks/run judge [--pool N] [--candidates M]} (the script gives the JVM a 2 GiB heap)
 */
public final class JudgeBenchmark {

    private JudgeBenchmark() {
    }

    public static void main(String[] args) {
        int poolSize = Integer.parseInt(option(args, "--pool", "1000000"));
        int candidates = Integer.parseInt(option(args, "--candidates", "5000"));
        List<float[]> real = VectorIndexBenchmark.realEmbeddings();
        Random random = new Random(11);
        SyntheticInstructions lines = new SyntheticInstructions(1, 0.1);
        PoolJudge judge = new PoolJudge(FilterRules.from(ConfigSource.ofValues(Map.of())));
        long heapBefore = VectorIndexBenchmark.usedHeap();
        long started = System.nanoTime();
        List<float[]> sources = new ArrayList<>();
        judge.beginBulkLoad();
        for (int i = 0; i < poolSize; i++) {
            float[] vector = i < real.size() ? real.get(i) : VectorIndexBenchmark.mixed(
                    real.get(random.nextInt(real.size())), real.get(random.nextInt(real.size())), 0.1, random);
            if (i % 100 == 0) {
                sources.add(vector);
            }
            judge.admit(text(lines.next(), vector));
            if ((i + 1) % 100_000 == 0) {
                System.out.printf(Locale.ROOT, "  %,d admitted, %.0f s%n", i + 1, (System.nanoTime() - started) / 1e9);
            }
        }
        judge.endBulkLoad();
        double buildSeconds = (System.nanoTime() - started) / 1e9;
        long heapAfter = VectorIndexBenchmark.usedHeap();
        System.out.printf(Locale.ROOT, "judge: pool of %,d entries (ROUGE-L index and vectors), %d cores, Java %s, "
                        + "max heap %,d MB%n  admitted in %.0f s; heap held %,d MB, direct memory %,d MB (the float "
                        + "vectors)%n", judge.size(), Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), Runtime.getRuntime().maxMemory() >> 20, buildSeconds,
                (heapAfter - heapBefore) >> 20, VectorIndexBenchmark.directMemory() >> 20);

        List<PoolJudge.Text> queries = new ArrayList<>();
        for (int i = 0; i < candidates; i++) {
            float[] vector = i % 2 == 0
                    ? VectorIndexBenchmark.perturbed(sources.get(random.nextInt(sources.size())), 0.3, random)
                    : VectorIndexBenchmark.perturbed(real.get(random.nextInt(real.size())), 1.2, random);
            queries.add(text(lines.next(), vector));
        }
        for (PoolJudge.Text query : queries.subList(0, Math.min(1000, queries.size()))) {
            judge.judge(query);
        }
        Map<String, Integer> verdicts = new TreeMap<>();
        started = System.nanoTime();
        for (PoolJudge.Text query : queries) {
            PoolJudge.Judgement judgement = judge.judge(query);
            String verdict = judgement instanceof PoolJudge.Judgement.Fail fail ? fail.violation().rule() : "pass";
            verdicts.merge(verdict, 1, Integer::sum);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf(Locale.ROOT, "  judged %,d candidates in %.2f s: %,.0f candidates/s on one thread; %s%n",
                candidates, seconds, candidates / seconds, verdicts);
    }

    private static PoolJudge.Text text(String line, float[] vector) {
        return new PoolJudge.Text(line, InstructionId.of(line), RougeTokenizer.tokenize(line), vector, null, null);
    }

    private static String option(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }
}
