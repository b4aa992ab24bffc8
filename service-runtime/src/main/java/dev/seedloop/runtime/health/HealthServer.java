package dev.seedloop.runtime.health;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.seedloop.runtime.config.HttpSettings;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Serves /healthy, /ready and /metrics (Prometheus text format) for one service. */
public final class HealthServer implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(HealthServer.class);

    private final HttpServer server;
    private final ExecutorService executor;

    private HealthServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Starts serving; {@code alive} and {@code ready} are asked on every probe. */
    public static HealthServer start(HttpSettings settings, PrometheusMeterRegistry registry, BooleanSupplier alive,
            BooleanSupplier ready) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(settings.host(), settings.port()), 16);
        ExecutorService executor = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "health-http");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/healthy", exchange -> probe(exchange, alive.getAsBoolean()));
        server.createContext("/ready", exchange -> probe(exchange, ready.getAsBoolean()));
        server.createContext("/metrics", exchange -> respond(exchange, 200,
                "text/plain; version=0.0.4; charset=utf-8", registry.scrape()));
        server.start();
        LOGGER.info("health and metrics endpoints on port {}", server.getAddress().getPort());
        return new HealthServer(server, executor);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private static void probe(HttpExchange exchange, boolean ok) throws IOException {
        respond(exchange, ok ? 200 : 503, "text/plain; charset=utf-8", ok ? "ok\n" : "not ok\n");
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body)
            throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", contentType);
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
