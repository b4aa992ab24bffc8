package dev.seedloop.system.operate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Prometheus server (the Debian package's binary) in its own process on loopback, scraping the given
 * targets every second, and its HTTP query API.
 */
final class PrometheusServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<Path> PLACES = List.of(Path.of("/usr/bin/prometheus"),
            Path.of("/usr/local/bin/prometheus"));

    private final Process process;
    private final int port;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private PrometheusServer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** The prometheus binary on the PATH or in the Debian package's place, if there is one. */
    static Optional<Path> binary() {
        Stream<Path> onPath = Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .filter(dir -> !dir.isEmpty()).map(dir -> Path.of(dir, "prometheus"));
        return Stream.concat(onPath, PLACES.stream()).filter(Files::isExecutable).findFirst();
    }

    /** Starts Prometheus with its data in {@code work}, scraping {@code targets} (host:port) every second. */
    static PrometheusServer start(Path binary, Path work, List<String> targets) throws IOException,
            InterruptedException {
        int port = freePort();
        Path config = work.resolve("prometheus.yml");
        Files.writeString(config, """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                scrape_configs:
                  - job_name: seedloop
                    metrics_path: /metrics
                    static_configs:
                      - targets: [%s]
                """.formatted(String.join(", ", targets.stream().map(t -> "'" + t + "'").toList())));
        Path log = work.resolve("prometheus.log");
        Process process = new ProcessBuilder(binary.toString(), "--config.file=" + config,
                "--storage.tsdb.path=" + work.resolve("tsdb"), "--storage.tsdb.retention.time=1h",
                "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        PrometheusServer server = new PrometheusServer(process, port, log);
        server.awaitReady(Duration.ofSeconds(30));
        return server;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** Evaluates {@code expression} now; the {@code data} node of the answer. */
    JsonNode query(String expression) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/api/v1/query?query="
                + URLEncoder.encode(expression, StandardCharsets.UTF_8))).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode body = JSON.readTree(response.body());
        if (response.statusCode() != 200 || !"success".equals(body.path("status").asText())) {
            throw new IllegalArgumentException("Prometheus refused '" + expression + "': " + response.body());
        }
        return body.path("data");
    }

    /** Evaluates {@code expression} over a range: the {@code data} node, a matrix of series. */
    JsonNode queryRange(String expression, long startSeconds, long endSeconds, int stepSeconds)
            throws IOException, InterruptedException {
        String url = baseUrl() + "/api/v1/query_range?query=" + URLEncoder.encode(expression, StandardCharsets.UTF_8)
                + "&start=" + startSeconds + "&end=" + endSeconds + "&step=" + stepSeconds;
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode body = JSON.readTree(response.body());
        if (response.statusCode() != 200 || !"success".equals(body.path("status").asText())) {
            throw new IllegalArgumentException("Prometheus refused '" + expression + "': " + response.body());
        }
        return body.path("data");
    }

    /** Whether every scrape target is up. */
    boolean targetsUp() throws IOException, InterruptedException {
        JsonNode result = query("up").path("result");
        if (result.isEmpty()) {
            return false;
        }
        for (JsonNode series : result) {
            if (!"1".equals(series.path("value").path(1).asText())) {
                return false;
            }
        }
        return true;
    }

    String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(cannot read " + log + ")";
        }
    }

    private void awaitReady(Duration timeout) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("prometheus exited: " + log());
            }
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/-/ready"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        close();
        throw new IllegalStateException("prometheus not ready within " + timeout + ": " + log());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
