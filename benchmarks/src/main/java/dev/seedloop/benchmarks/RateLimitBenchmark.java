package dev.seedloop.benchmarks;

import dev.seedloop.llm.simulated.SimulatedLlmConfig;
import dev.seedloop.llm.simulated.SimulatedLlmServer;
import dev.seedloop.runtime.config.ConfigSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The demo against an OpenAI-compatible endpoint as a hosted model behaves: the simulated LLM answering after
 * 150 ms (uniform 75 to 225 ms) and refusing what exceeds 1,200 requests a minute (enforced per second), announced
 * in {@code x-ratelimit-*} headers or hidden; and, without a limit, answering after 200 ms with 30% 429s and 5% 500s. Each run is the packaged
 * {@code seedloop demo} pointed at it as a real endpoint, for a fixed time; the server counts what it answered and
 * refused each second, and the steady part (after the first {@code --warmup} seconds) is reported. The baseline in
 * the same run is the client as it was: at most 4 calls in flight per stage ({@code llm.max-concurrency=4}).
 *
 * <p>Arguments: {@code [--seconds S] [--warmup W] [--rpm N] [--only 1,4]} (the runs to make, by their place in the
 * table).
 */
public final class RateLimitBenchmark {

    private RateLimitBenchmark() {
    }

    /** One run: the simulator's behaviour and the client's settings. */
    private record Scenario(String name, Map<String, String> simulator, Map<String, String> client) {
    }

    public static void main(String[] args) throws Exception {
        int seconds = 90;
        int warmup = 30;
        long rpm = 1200;
        java.util.Set<Integer> only = new java.util.HashSet<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--seconds" -> seconds = Integer.parseInt(args[i + 1]);
                case "--warmup" -> warmup = Integer.parseInt(args[i + 1]);
                case "--rpm" -> rpm = Long.parseLong(args[i + 1]);
                case "--only" -> java.util.Arrays.stream(args[i + 1].split(",")).map(String::strip)
                        .map(Integer::parseInt).forEach(only::add);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        // Enforced per second, as OpenAI says a limit may be: no minute's worth of requests to spend at once
        Map<String, String> limited = Map.of("simulator.latency", "150ms", "simulator.requests-per-minute",
                Long.toString(rpm), "simulator.rate-limit-headers", "true", "simulator.rate-limit-burst-seconds", "1");
        Map<String, String> hidden = new HashMap<>(limited);
        hidden.put("simulator.rate-limit-headers", "false");
        Map<String, String> faulty = Map.of("simulator.latency", "200ms", "simulator.rate-limit-share", "0.30",
                "simulator.retry-after", "1s", "simulator.server-error-share", "0.05");
        Map<String, String> old = Map.of("SEEDLOOP_LLM_CONCURRENCY", "4", "SEEDLOOP_LLM_MAX_CONCURRENCY", "4");
        List<Scenario> scenarios = List.of(
                new Scenario("limit announced, this client", limited, Map.of()),
                new Scenario("limit announced, baseline (4 in flight per stage)", limited, old),
                new Scenario("limit hidden, this client", hidden, Map.of()),
                new Scenario("30% 429 + 5% 500, no limit, this client", faulty, Map.of()),
                new Scenario("30% 429 + 5% 500, no limit, baseline", faulty, old));
        System.out.printf(Locale.ROOT, "# demo against a simulated endpoint: %d s each, steady state after %d s; "
                + "limit %d requests/min = %.1f/s%n", seconds, warmup, rpm, rpm / 60.0);
        System.out.println("| run | answered/s (steady) | of the limit | refused (429) share, steady | 500s | "
                + "answered in all |");
        System.out.println("|---|---|---|---|---|---|");
        for (int i = 0; i < scenarios.size(); i++) {
            if (only.isEmpty() || only.contains(i + 1)) {
                run(scenarios.get(i), seconds, warmup, rpm);
            }
        }
    }

    private static void run(Scenario scenario, int seconds, int warmup, long rpm) throws Exception {
        Path dataDir = Files.createTempDirectory("seedloop-ratelimit-").resolve("demo");
        try (SimulatedLlmServer llm = SimulatedLlmServer.start(SimulatedLlmConfig.from(ConfigSource.ofValues(
                scenario.simulator())))) {
            // The jar benchmarks/run built: not bin/seedloop, which would build again if a source changed meanwhile
            List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-jar", "launcher/target/seedloop.jar", "demo", "--examples", "1000000", "--data-dir",
                    dataDir.toString(), "--timeout", seconds + "s");
            Files.createDirectories(dataDir.getParent());
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(dataDir.resolveSibling("demo.log").toFile());
            builder.environment().keySet().removeIf(name -> name.startsWith("OPENAI_")
                    || name.startsWith("SEEDLOOP_"));
            builder.environment().put("OPENAI_BASE_URL", llm.baseUrl());
            builder.environment().put("SEEDLOOP_LLM_MODEL", SimulatedLlmConfig.MODEL);
            builder.environment().putAll(scenario.client());
            Process demo = builder.start();
            List<SimulatedLlmServer.Stats> samples = new ArrayList<>();
            while (demo.isAlive()) {
                samples.add(llm.stats());
                demo.waitFor(1, TimeUnit.SECONDS);
            }
            samples.add(llm.stats());
            // The demo's first seconds start a broker and the stages; the window starts when the LLM is first used
            int first = 0;
            while (first < samples.size() && samples.get(first).requests() == 0) {
                first++;
            }
            int from = Math.min(samples.size() - 1, first + warmup);
            int to = samples.size() - 2;
            SimulatedLlmServer.Stats start = samples.get(from);
            SimulatedLlmServer.Stats end = samples.get(Math.max(from, to));
            double window = Math.max(1, Math.max(from, to) - from);
            double answered = (end.answered() - start.answered()) / window;
            long requests = end.requests() - start.requests();
            double refused = requests == 0 ? 0 : (double) (end.rateLimited() - start.rateLimited()) / requests;
            SimulatedLlmServer.Stats all = samples.get(samples.size() - 1);
            System.out.printf(Locale.ROOT, "| %s | %.1f | %s | %.1f%% | %,d | %,d |%n", scenario.name(), answered,
                    scenario.simulator().containsKey("simulator.requests-per-minute")
                            ? String.format(Locale.ROOT, "%.0f%%", 100 * answered / (rpm / 60.0)) : "no limit",
                    100 * refused, all.serverErrors(), all.answered());
        }
    }
}
