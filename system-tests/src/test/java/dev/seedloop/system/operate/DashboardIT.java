package dev.seedloop.system.operate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.seedloop.system.loop.StageProcess;
import dev.seedloop.llm.simulated.SimulatedLlmConfig;
import dev.seedloop.llm.simulated.SimulatedLlmServer;
import dev.seedloop.runtime.config.ConfigSource;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Grafana dashboard against a real Prometheus scraping a running demo: every query of every panel returns
 * data. Skipped, saying why, where the Debian package {@code prometheus} is not installed ({@code .ci/run}
 * installs it).
 */
@Timeout(300)
class DashboardIT {

    static final Path DASHBOARD = Path.of("..", "deploy", "grafana", "seedloop-dashboard.json");
    /** What Grafana substitutes for its interval variables, at a 1 s scrape interval. */
    private static final Map<String, String> GRAFANA_VARIABLES = Map.of("$__rate_interval", "15s",
            "$__interval", "5s", "$__range", "5m");

    @TempDir
    Path work;

    @Test
    void everyPanelOfTheDashboardReturnsDataFromARunningDemo() throws Exception {
        Optional<Path> binary = PrometheusServer.binary();
        assumeTrue(binary.isPresent(), "Prometheus is not installed (Debian: apt-get install prometheus; .ci/run "
                + "installs it): the dashboard cannot be checked against a real Prometheus here");

        // Given the dashboard's queries
        Map<String, String> queries = queries(new ObjectMapper().readTree(DASHBOARD.toFile()));
        assertThat(queries).hasSizeGreaterThanOrEqualTo(15);

        // And a demo serving its metrics, against a simulated LLM that refuses some requests with 429
        try (SimulatedLlmServer llm = SimulatedLlmServer.start(SimulatedLlmConfig.from(ConfigSource.ofValues(
                Map.of("simulator.rate-limit-share", "0.1", "simulator.retry-after", "200ms"))))) {
            int metricsPort = freePort();
            String demoTimeout = (Long.getLong("seedloop.dashboard.minutes", 0) + 4) + "m";
            try (StageProcess demo = StageProcess.command(List.of("demo", "--examples", "100000", "--timeout",
                    demoTimeout, "--data-dir", work.resolve("demo").toString(), "--metrics-port",
                    Integer.toString(metricsPort)),
                    Map.of("OPENAI_BASE_URL", llm.baseUrl(), "SEEDLOOP_LLM_MODEL", SimulatedLlmConfig.MODEL,
                            "SEEDLOOP_LLM_BACKOFF_INITIAL", "100ms",
                            // priced as gpt-4o-mini, as the demo prices its own simulator
                            "SEEDLOOP_LLM_PRICES", SimulatedLlmConfig.MODEL + "=0.15/0.60"), work.resolve("demo.log"));
                    PrometheusServer prometheus = PrometheusServer.start(binary.get(), work,
                            List.of("127.0.0.1:" + metricsPort))) {

                long startedAt = System.currentTimeMillis() / 1000;

                // When Prometheus has scraped the loop at work for a while
                await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                        .failFast("the demo stopped: " + demo.output(), () -> !demo.isAlive())
                        .until(prometheus::targetsUp);
                await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(2))
                        .failFast("the demo stopped: " + demo.output(), () -> !demo.isAlive())
                        .until(() -> !prometheus.query("sum(seedloop_verdicts_total{stage=\"response\","
                                + "outcome=\"accepted\"}) > 20").path("result").isEmpty());

                // Then every panel's every query returns data
                List<String> empty = new ArrayList<>();
                await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
                    empty.clear();
                    for (Map.Entry<String, String> query : queries.entrySet()) {
                        JsonNode data = prometheus.query(query.getValue());
                        if (data.path("result").isEmpty()) {
                            empty.add(query.getKey() + ": " + query.getValue());
                        }
                    }
                    assertThat(empty).as("panel queries with no data").isEmpty();
                });

                // (a longer run draws fuller charts for the documentation: -Dseedloop.dashboard.minutes=N)
                long minutes = Long.getLong("seedloop.dashboard.minutes", 0);
                await().atMost(Duration.ofMinutes(minutes + 1)).pollInterval(Duration.ofSeconds(5))
                        .failFast("the demo stopped: " + demo.output(), () -> !demo.isAlive())
                        .until(() -> System.currentTimeMillis() / 1000 - startedAt >= minutes * 60);

                // And the panels, drawn from what Prometheus holds, make a page (and a PNG where Chromium is)
                JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
                String page = DashboardPreview.html(dashboard, prometheus, GRAFANA_VARIABLES, startedAt,
                        System.currentTimeMillis() / 1000);
                dashboard.path("panels").forEach(panel -> assertThat(page).contains(panel.path("title").asText()
                        .replace("&", "&amp;")));
                Path preview = Files.createDirectories(Path.of("target", "dashboard-preview"));
                DashboardPreview.render(page, DashboardPreview.height(dashboard), preview);
            }
        }
    }

    /** Every target expression of every panel, Grafana's variables substituted, by "panel title / refId". */
    static Map<String, String> queries(JsonNode dashboard) {
        Map<String, String> queries = new LinkedHashMap<>();
        List<JsonNode> panels = new ArrayList<>();
        dashboard.path("panels").forEach(panel -> {
            panels.add(panel);
            panel.path("panels").forEach(panels::add);
        });
        for (JsonNode panel : panels) {
            for (JsonNode target : panel.path("targets")) {
                String expression = target.path("expr").asText();
                for (Map.Entry<String, String> variable : GRAFANA_VARIABLES.entrySet()) {
                    expression = expression.replace(variable.getKey(), variable.getValue());
                }
                queries.put(panel.path("title").asText() + " / " + target.path("refId").asText(), expression);
            }
        }
        return queries;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
