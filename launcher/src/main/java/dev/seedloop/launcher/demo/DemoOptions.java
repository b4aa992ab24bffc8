package dev.seedloop.launcher.demo;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * What the demo was asked to do.
 *
 * @param environment the process environment: an OpenAI endpoint configured there replaces the simulated LLM
 */
public record DemoOptions(int examples, Path dataDir, Optional<Path> summaryJson, Duration timeout,
        Map<String, String> environment) {
}
