package dev.seedloop.launcher.demo;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * What the demo was asked to do.
 *
 * @param environment the process environment: an OpenAI endpoint configured there replaces the simulated LLM
 * @param method      the generation method's label ({@code generator.method})
 * @param maxCost     USD after which generation stops ({@code generator.max-cost})
 * @param minQuality  when present, the quality judge runs and the filter rejects examples rated below it
 * @param metricsPort when present, the loop's /metrics, /healthy and /ready are served on this loopback port
 * @param seeds       what an empty pool starts with
 */
public record DemoOptions(int examples, Path dataDir, Optional<Path> summaryJson, Duration timeout,
        Map<String, String> environment, String method, Optional<Double> maxCost, Optional<Double> minQuality,
        Optional<Integer> metricsPort, boolean drain, Seeds seeds) {

    /** Options that stop at once when enough examples joined, on a pool that starts with the bundled seeds. */
    public DemoOptions(int examples, Path dataDir, Optional<Path> summaryJson, Duration timeout,
            Map<String, String> environment, String method, Optional<Double> maxCost, Optional<Double> minQuality,
            Optional<Integer> metricsPort) {
        this(examples, dataDir, summaryJson, timeout, environment, method, maxCost, minQuality, metricsPort, false,
                new Seeds.SelfInstruct());
    }
}
