package dev.seedloop.benchmarks;

import dev.seedloop.tools.audit.LoopAudit;
import dev.seedloop.launcher.cluster.Cluster;
import dev.seedloop.llm.simulated.SimulatedLlmConfig;
import dev.seedloop.llm.simulated.SimulatedLlmServer;
import dev.seedloop.runtime.config.ConfigSource;
import dev.seedloop.runtime.config.KafkaSettings;
import dev.seedloop.runtime.kafka.KafkaClients;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The soak behind docs/RELIABILITY.md: {@code seedloop demo} until {@code --examples} machine-written examples
 * are in the pool, against the simulated LLM with faults switched on (429s, 500s, hangs, resets, malformed and
 * truncated answers), the demo process (broker and every stage in it) killed with SIGKILL at random moments and
 * started again, the last run draining. Then {@code seedloop audit} over the topics.
 *
 * <p>Arguments: {@code [--examples N] [--kills K] [--seed S] [--data-dir D]}.
 */
public final class Soak {

    private Soak() {
    }

    public static void main(String[] args) throws Exception {
        int examples = 2000;
        int kills = 6;
        long seed = 7;
        Path dataDir = Files.createTempDirectory("seedloop-soak-").resolve("demo");
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--examples" -> examples = Integer.parseInt(args[i + 1]);
                case "--kills" -> kills = Integer.parseInt(args[i + 1]);
                case "--seed" -> seed = Long.parseLong(args[i + 1]);
                case "--data-dir" -> dataDir = Path.of(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Random random = new Random(seed);
        Map<String, String> faults = Map.of("simulator.latency", "20ms", "simulator.rate-limit-share", "0.10",
                "simulator.retry-after", "500ms", "simulator.server-error-share", "0.03",
                "simulator.hang-share", "0.005", "simulator.hang", "20s", "simulator.malformed-share", "0.02",
                "simulator.reset-share", "0.02");
        long started = System.nanoTime();
        List<String> runs = new ArrayList<>();
        System.out.printf(Locale.ROOT, "# soak: demo --examples %d, %d SIGKILLs, simulated LLM faults %s, data %s%n",
                examples, kills, faults, dataDir);
        try (SimulatedLlmServer llm = SimulatedLlmServer.start(SimulatedLlmConfig.from(ConfigSource.ofValues(
                faults)))) {
            int killed = 0;
            while (true) {
                long pooled = audit(dataDir, false).examples();
                int remaining = (int) Math.max(1, examples - pooled);
                boolean last = killed == kills;
                List<String> command = new ArrayList<>(List.of("bin/seedloop", "demo", "--examples",
                        Integer.toString(remaining), "--data-dir", dataDir.toString(), "--timeout", "60m"));
                if (last) {
                    command.add("--drain");
                }
                Path log = dataDir.resolveSibling("run-" + (runs.size() + 1) + ".log");
                Files.createDirectories(log.getParent());
                ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(log.toFile());
                builder.environment().put("OPENAI_BASE_URL", llm.baseUrl());
                builder.environment().put("OPENAI_API_KEY", "sk-soak-do-not-log-0123456789");
                builder.environment().put("SEEDLOOP_LLM_MODEL", "simulated");
                long runStarted = System.nanoTime();
                Process demo = builder.start();
                if (!last) {
                    long wait = 15 + random.nextInt(30);
                    if (demo.waitFor(wait, TimeUnit.SECONDS)) {
                        runs.add(String.format(Locale.ROOT, "run %d: ended by itself after %d s (exit %d)",
                                runs.size() + 1, elapsed(runStarted), demo.exitValue()));
                        killed = kills;
                        continue;
                    }
                    demo.destroyForcibly();
                    demo.waitFor(30, TimeUnit.SECONDS);
                    killed++;
                    runs.add(String.format(Locale.ROOT, "run %d: SIGKILL after %d s with %d of %d examples in "
                            + "the pool", runs.size() + 1, elapsed(runStarted), audit(dataDir, false).examples(),
                            examples));
                    continue;
                }
                int exit = demo.waitFor(65, TimeUnit.MINUTES) ? demo.exitValue() : -1;
                runs.add(String.format(Locale.ROOT, "run %d: drained and stopped after %d s (exit %d)",
                        runs.size() + 1, elapsed(runStarted), exit));
                break;
            }
            LoopAudit.Report report = audit(dataDir, true);
            SimulatedLlmServer.Stats stats = llm.stats();
            runs.forEach(run -> System.out.println("  " + run));
            System.out.println(report.describe());
            System.out.printf(Locale.ROOT, "  LLM                   %,d requests: %,d answered, %,d 429, %,d 500, %,d "
                    + "hung, %,d malformed, %,d reset%n", stats.requests(), stats.answered(), stats.rateLimited(),
                    stats.serverErrors(), stats.hung(), stats.malformed(), stats.resets());
            long sigkills = runs.stream().filter(run -> run.contains("SIGKILL")).count();
            System.out.printf(Locale.ROOT, "  wall time             %d s, %d runs, %d of them ended by SIGKILL and "
                    + "restarted%n", elapsed(started), runs.size(), sigkills);
            System.exit(report.drained() ? 0 : 1);
        }
    }

    private static LoopAudit.Report audit(Path dataDir, boolean nearDuplicates) throws Exception {
        if (!Files.isDirectory(dataDir.resolve("kafka"))) {
            return new LoopAudit.Report(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0.7, 0, 0);
        }
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        try (Cluster cluster = Cluster.connect(Optional.empty(), dataDir, "seedloop soak audit", quiet)) {
            return new LoopAudit(new KafkaClients(KafkaSettings.forBootstrap(cluster.bootstrapServers())), 0.7)
                    .run(nearDuplicates);
        }
    }

    private static long elapsed(long since) {
        return (System.nanoTime() - since) / 1_000_000_000L;
    }
}
