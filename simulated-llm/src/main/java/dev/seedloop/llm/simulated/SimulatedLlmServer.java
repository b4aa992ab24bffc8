package dev.seedloop.llm.simulated;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.seedloop.llm.PromptMarker;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * seedloop's simulated LLM: an OpenAI-compatible HTTP server on loopback ({@code GET /v1/models},
 * {@code POST /v1/chat/completions}, the real wire format with {@code usage}). It answers each request in the
 * shape its prompt declares (the {@value PromptMarker#HEADER} header every seedloop prompt sends: a task list, an
 * Alpaca batch, instances, a rating, ...) from the text the request contains, and a request without one with a
 * direct answer; it is not a model, and every answer names the model {@value SimulatedLlmConfig#MODEL}. Latency is
 * simulated without holding a thread, so many requests can be in flight at once.
 */
public final class SimulatedLlmServer implements AutoCloseable {

    /**
     * The answer shapes it can give, as prompts declare them ({@code answer:} in a prompt file, sent as the
     * {@value PromptMarker#HEADER} header): a request marked with another shape is answered 400, so a prompt it
     * cannot answer fails loudly instead of getting a wrong answer.
     */
    public static final Set<String> ANSWER_SHAPES = Set.of("task-list", "classification-task-list", "alpaca-batch",
            "depth-evolution", "breadth-evolution", "equal-or-not", "yes-no", "class-labels", "instances", "answer",
            "rating");

    private static final Pattern ALPACA_ITEM = Pattern.compile("^\\s*(\\d+)\\.\\s*Instruction:\\s*(.*)$");

    private static final Logger LOGGER = LoggerFactory.getLogger(SimulatedLlmServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern NUMBERED = Pattern.compile("^\\s*(\\d+)\\s*\\.\\s*(.*)$");
    private static final int MAX_BODY_BYTES = 8 * 1024 * 1024;

    private final SimulatedLlmConfig config;
    private final HttpServer server;
    private final ExecutorService workers;
    private final ScheduledExecutorService delays;
    private final InstructionComposer tasks;
    private final InstanceComposer instances;
    private final ResponseComposer responses;
    private final EvolComposer evolutions;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong answered = new AtomicLong();
    private final AtomicLong rateLimited = new AtomicLong();
    private final AtomicLong limitRefusals = new AtomicLong();
    private final AtomicLong serverErrors = new AtomicLong();
    private final AtomicLong hung = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();
    private final AtomicLong resets = new AtomicLong();
    private final Set<HttpExchange> hanging = ConcurrentHashMap.newKeySet();
    private final RateLimiter limiter;
    private final long startedAt = System.nanoTime();

    private SimulatedLlmServer(SimulatedLlmConfig config, HttpServer server) {
        this.config = config;
        this.server = server;
        this.workers = Executors.newFixedThreadPool(4, daemon("simulated-llm-worker"));
        this.delays = Executors.newScheduledThreadPool(2, daemon("simulated-llm-latency"));
        this.tasks = new InstructionComposer(config);
        this.instances = new InstanceComposer(config);
        this.responses = new ResponseComposer(config);
        this.evolutions = new EvolComposer(config, tasks);
        this.limiter = new RateLimiter(config.limits());
    }

    /** Starts listening on 127.0.0.1. */
    public static SimulatedLlmServer start(SimulatedLlmConfig config) {
        return start(config, InetAddress.getLoopbackAddress());
    }

    /** Starts listening on {@code address} (a cluster's dev stack serves it to other pods). */
    public static SimulatedLlmServer start(SimulatedLlmConfig config, InetAddress address) {
        try {
            // The JDK server delays small writes (Nagle) unless told otherwise: 40 ms more per answer
            System.setProperty("sun.net.httpserver.nodelay", "true");
            HttpServer http = HttpServer.create(new InetSocketAddress(address, config.port()), 256);
            SimulatedLlmServer simulator = new SimulatedLlmServer(config, http);
            http.setExecutor(simulator.workers);
            http.createContext("/", simulator::handle);
            http.start();
            LOGGER.info("simulated LLM (not a real model) listening at {}", simulator.baseUrl());
            return simulator;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the simulated LLM: " + e.getMessage(), e);
        }
    }

    /** The OpenAI-style base URL, ending in /v1. */
    /** The port it listens on. */
    public int port() {
        return server.getAddress().getPort();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    /** Chat completion requests received so far. */
    public long requestCount() {
        return requests.get();
    }

    /** What the server did with the requests it received. */
    public Stats stats() {
        return new Stats(requests.get(), answered.get(), rateLimited.get(), serverErrors.get(), hung.get(),
                malformed.get(), resets.get(), limitRefusals.get());
    }

    @Override
    public void close() {
        hanging.forEach(HttpExchange::close);
        server.stop(0);
        delays.shutdownNow();
        workers.shutdownNow();
    }

    /**
     * Requests received, and how each was answered.
     *
     * @param rateLimited   429s of every kind: injected ones and those of the rate limits
     * @param limitRefusals 429s because a request did not fit the rate limits
     */
    public record Stats(long requests, long answered, long rateLimited, long serverErrors, long hung, long malformed,
            long resets, long limitRefusals) {
    }

    private void handle(HttpExchange exchange) {
        try {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if (path.equals("/v1/models") && method.equals("GET")) {
                send(exchange, 200, models());
            } else if (path.equals("/v1/chat/completions") && method.equals("POST")) {
                completion(exchange);
            } else if (path.equals("/v1/embeddings") && method.equals("POST")) {
                embeddings(exchange);
            } else {
                send(exchange, 404, error("no route for " + method + " " + path
                        + " (the simulated LLM serves GET /v1/models, POST /v1/chat/completions and POST "
                        + "/v1/embeddings)", "invalid_request_error"));
            }
        } catch (RuntimeException | IOException e) {
            LOGGER.warn("simulated LLM failed to answer: {}", e.toString());
            exchange.close();
        }
    }

    /**
     * The request's JSON body; empty after answering 413 (over {@value #MAX_BODY_BYTES} bytes) or 400 (not JSON, or
     * nothing).
     */
    private static Optional<JsonNode> readBody(HttpExchange exchange) throws IOException {
        try (InputStream body = exchange.getRequestBody()) {
            byte[] bytes = body.readNBytes(MAX_BODY_BYTES + 1);
            if (bytes.length > MAX_BODY_BYTES) {
                send(exchange, 413, error("request body over " + MAX_BODY_BYTES + " bytes", "invalid_request_error"));
                return Optional.empty();
            }
            JsonNode request = JSON.readTree(bytes);
            if (request == null || request.isMissingNode()) {
                send(exchange, 400, error("the request has no body", "invalid_request_error"));
                return Optional.empty();
            }
            return Optional.of(request);
        } catch (IOException e) {
            send(exchange, 400, error("request body is not JSON: " + e.getMessage(), "invalid_request_error"));
            return Optional.empty();
        }
    }

    private void completion(HttpExchange exchange) throws IOException {
        Optional<JsonNode> body = readBody(exchange);
        if (body.isEmpty()) {
            return;
        }
        JsonNode request = body.get();
        if (!request.path("messages").isArray() || request.path("messages").isEmpty()) {
            send(exchange, 400, error("'messages' must be a non-empty array", "invalid_request_error"));
            return;
        }
        if (request.path("stream").asBoolean(false)) {
            send(exchange, 400, error("the simulated LLM does not stream", "invalid_request_error"));
            return;
        }
        String header = exchange.getRequestHeaders().getFirst(PromptMarker.HEADER);
        Optional<PromptMarker> marker = PromptMarker.parse(header);
        if (header != null && (marker.isEmpty() || !ANSWER_SHAPES.contains(marker.get().answer()))) {
            send(exchange, 400, error("the simulated LLM cannot answer " + PromptMarker.HEADER + ": " + header
                    + " (it answers the shapes " + String.join(", ", new TreeSet<>(ANSWER_SHAPES)) + ")",
                    "invalid_request_error"));
            return;
        }
        long id = requests.incrementAndGet();
        String model = request.path("model").asText("");
        if (!config.models().isEmpty() && !config.models().contains(model)) {
            // As careless real servers do, the error names the credentials it saw: clients must mask them.
            String key = exchange.getRequestHeaders().getFirst("Authorization");
            send(exchange, 404, error("The model '" + model + "' does not exist (request authorised with " + key
                    + ")", "invalid_request_error"));
            return;
        }
        if (config.limits().any() && !withinLimits(exchange, request)) {
            return;
        }
        Random random = new Random(mix(config.seed(), id));
        SimulatedLlmConfig.Faults faults = config.faults();
        if (inBurst() || random.nextDouble() < faults.rateLimitShare()) {
            rateLimited.incrementAndGet();
            long wait = faults.retryAfter().toMillis();
            exchange.getResponseHeaders().set("retry-after", Long.toString((wait + 999) / 1000));
            exchange.getResponseHeaders().set("retry-after-ms", Long.toString(wait));
            send(exchange, 429, error("Rate limit reached for requests (simulated)", "rate_limit_exceeded"));
            return;
        }
        double roll = random.nextDouble();
        long delay = delayMillis(random);
        if (roll < faults.resetShare()) {
            resets.incrementAndGet();
            exchange.close();
            return;
        }
        roll -= faults.resetShare();
        if (roll < faults.hangShare()) {
            hung.incrementAndGet();
            hanging.add(exchange);
            delays.schedule(() -> {
                hanging.remove(exchange);
                exchange.close();
            }, faults.hang().toMillis(), TimeUnit.MILLISECONDS);
            return;
        }
        roll -= faults.hangShare();
        if (roll < faults.serverErrorShare()) {
            serverErrors.incrementAndGet();
            later(exchange, delay, 500, error("The server had an error while processing your request (simulated)",
                    "server_error"));
            return;
        }
        roll -= faults.serverErrorShare();
        if (roll < faults.malformedShare()) {
            malformed.incrementAndGet();
            delays.schedule(() -> sendRaw(exchange, 200, "{\"id\": \"chatcmpl-broken\", \"choices\": [{\"mess"),
                    delay, TimeUnit.MILLISECONDS);
            return;
        }
        ObjectNode response = answer(request, marker, id, random);
        answered.incrementAndGet();
        later(exchange, delay, 200, response);
    }

    /**
     * {@code POST /v1/embeddings}: one vector per input text ({@link EmbeddingComposer}: a deterministic sketch of
     * the words, not a model), floats in input order, the model named as the simulator's. The injected 429s apply,
     * so a client's retries are exercised here too, and a model the simulator does not serve is a 404.
     */
    private void embeddings(HttpExchange exchange) throws IOException {
        Optional<JsonNode> body = readBody(exchange);
        if (body.isEmpty()) {
            return;
        }
        JsonNode request = body.get();
        JsonNode input = request.path("input");
        List<String> texts = new ArrayList<>();
        if (input.isTextual()) {
            texts.add(input.asText());
        } else if (input.isArray()) {
            input.forEach(text -> texts.add(text.isTextual() ? text.asText() : null));
        }
        if (texts.isEmpty() || texts.contains(null)) {
            send(exchange, 400, error("'input' must be a string or a non-empty array of strings",
                    "invalid_request_error"));
            return;
        }
        String model = request.path("model").asText("");
        if (!config.models().isEmpty() && !config.models().contains(model)) {
            send(exchange, 404, error("The model '" + model + "' does not exist", "invalid_request_error"));
            return;
        }
        long id = requests.incrementAndGet();
        Random random = new Random(mix(config.seed(), id));
        if (inBurst() || random.nextDouble() < config.faults().rateLimitShare()) {
            rateLimited.incrementAndGet();
            long wait = config.faults().retryAfter().toMillis();
            exchange.getResponseHeaders().set("retry-after", Long.toString((wait + 999) / 1000));
            exchange.getResponseHeaders().set("retry-after-ms", Long.toString(wait));
            send(exchange, 429, error("Rate limit reached for requests (simulated)", "rate_limit_exceeded"));
            return;
        }
        ObjectNode response = JSON.createObjectNode().put("object", "list").put("model", SimulatedLlmConfig.MODEL);
        ArrayNode data = response.putArray("data");
        int tokens = 0;
        for (int i = 0; i < texts.size(); i++) {
            ObjectNode item = data.addObject().put("object", "embedding").put("index", i);
            ArrayNode vector = item.putArray("embedding");
            for (float value : EmbeddingComposer.embed(texts.get(i))) {
                vector.add(value);
            }
            tokens += TextPieces.estimateTokens(texts.get(i));
        }
        response.putObject("usage").put("prompt_tokens", tokens).put("total_tokens", tokens);
        answered.incrementAndGet();
        later(exchange, delayMillis(random), 200, response);
    }

    /**
     * Applies the rate limits to a request: announces them in the answer's headers (unless hidden) and, when the
     * request does not fit, answers 429 with Retry-After at once and returns false.
     */
    private boolean withinLimits(HttpExchange exchange, JsonNode request) {
        long maxTokens = request.path("max_completion_tokens").asLong(request.path("max_tokens").asLong(0));
        // As a hosted model counts: the messages' text, a few tokens for each message's framing, and max_tokens
        long promptTokens = 0;
        for (JsonNode message : request.path("messages")) {
            promptTokens += TextPieces.estimateTokens(content(message.path("content"))) + 4;
        }
        RateLimiter.Verdict verdict = limiter.admit(promptTokens + maxTokens);
        SimulatedLlmConfig.Limits limits = config.limits();
        if (limits.headers()) {
            var headers = exchange.getResponseHeaders();
            if (limits.requestsPerMinute() > 0) {
                headers.set("x-ratelimit-limit-requests", Long.toString(limits.requestsPerMinute()));
                headers.set("x-ratelimit-remaining-requests", Long.toString(verdict.remainingRequests()));
                headers.set("x-ratelimit-reset-requests", verdict.resetRequests().toMillis() + "ms");
            }
            if (limits.tokensPerMinute() > 0) {
                headers.set("x-ratelimit-limit-tokens", Long.toString(limits.tokensPerMinute()));
                headers.set("x-ratelimit-remaining-tokens", Long.toString(verdict.remainingTokens()));
                headers.set("x-ratelimit-reset-tokens", verdict.resetTokens().toMillis() + "ms");
            }
        }
        if (verdict.admitted()) {
            return true;
        }
        rateLimited.incrementAndGet();
        limitRefusals.incrementAndGet();
        long wait = Math.max(1, verdict.retryAfter().toMillis());
        exchange.getResponseHeaders().set("retry-after", Long.toString((wait + 999) / 1000));
        exchange.getResponseHeaders().set("retry-after-ms", Long.toString(wait));
        try {
            send(exchange, 429, error("Rate limit reached for requests (simulated limit of "
                    + limits.requestsPerMinute() + " requests and " + limits.tokensPerMinute() + " tokens a minute)",
                    "rate_limit_exceeded"));
        } catch (IOException e) {
            exchange.close();
        }
        return false;
    }

    private void later(HttpExchange exchange, long delay, int status, JsonNode body) {
        delays.schedule(() -> {
            try {
                send(exchange, status, body);
            } catch (IOException | RuntimeException e) {
                exchange.close();
            }
        }, delay, TimeUnit.MILLISECONDS);
    }

    /** A well-spread seed per request: java.util.Random's first draws follow its seed closely. */
    private static long mix(long seed, long id) {
        long z = seed * 0x9E3779B97F4A7C15L + id;
        z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
        z = (z ^ (z >>> 33)) * 0xC4CEB9FE1A85EC53L;
        return z ^ (z >>> 33);
    }

    private boolean inBurst() {
        SimulatedLlmConfig.Faults faults = config.faults();
        if (faults.burstEvery().isZero()) {
            return false;
        }
        long elapsed = System.nanoTime() - startedAt;
        return elapsed % faults.burstEvery().toNanos() < faults.burstLength().toNanos();
    }

    private static void sendRaw(HttpExchange exchange, int status, String body) {
        try (exchange) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    ObjectNode answer(JsonNode request, Optional<PromptMarker> marker, long id, Random random) {
        StringBuilder prompt = new StringBuilder();
        String user = "";
        for (JsonNode message : request.path("messages")) {
            String content = content(message.path("content"));
            prompt.append(content).append('\n');
            if ("user".equals(message.path("role").asText())) {
                user = content;
            }
        }
        Answer answer = marker.isPresent() ? route(marker.get().answer(), user, random)
                : new Answer(responses.respond(user, random), "stop");
        answer = applyStop(answer, stops(request.path("stop")));
        long maxTokens = request.path("max_completion_tokens").asLong(request.path("max_tokens").asLong(0));
        if (maxTokens > 0 && TextPieces.estimateTokens(answer.text()) > maxTokens) {
            answer = new Answer(answer.text().substring(0, (int) Math.min(answer.text().length(), maxTokens * 4)),
                    "length");
        }
        return completionJson(id, answer, TextPieces.estimateTokens(prompt.toString()));
    }

    /** The answer in the shape the prompt declared, composed from the text of the request. */
    private Answer route(String shape, String user, Random random) {
        return switch (shape) {
            case "task-list" -> taskList(user, false, random);
            case "classification-task-list" -> taskList(user, true, random);
            case "alpaca-batch" -> alpaca(user, random);
            case "yes-no" -> new Answer(responses.isClassification(lastTask(user)), "stop");
            case "class-labels" -> new Answer(responses.classLabels(lastTask(user), random), "stop");
            case "instances" -> instances.compose(lastTask(user), random);
            case "depth-evolution" -> new Answer(evolutions.rewrite(user.contains("#The Given Prompt#:")
                    ? EvolComposer.between(user, "#The Given Prompt#:", "#Rewritten Prompt#:")
                    : EvolComposer.between(user, "#주어진 프롬프트#:", "#다시 쓴 프롬프트#:"), random), "stop");
            case "breadth-evolution" -> new Answer(evolutions.create(user.contains("#Given Prompt#:")
                    ? EvolComposer.between(user, "#Given Prompt#:", "#Created Prompt#:")
                    : EvolComposer.between(user, "#주어진 프롬프트#:", "#만든 프롬프트#:"), random), "stop");
            case "equal-or-not" -> equality(user);
            case "rating" -> new Answer(responses.rate(user, random), "stop");
            case "answer" -> new Answer(responses.respond(user, random), "stop");
            default -> throw new IllegalArgumentException("no answer of shape " + shape);
        };
    }

    private static Answer equality(String user) {
        boolean korean = user.contains("첫 번째 프롬프트:");
        String first = EvolComposer.between(user, korean ? "첫 번째 프롬프트:" : "The First Prompt:",
                korean ? "두 번째 프롬프트:" : "The Second Prompt:");
        String second = EvolComposer.between(user, korean ? "두 번째 프롬프트:" : "The Second Prompt:",
                korean ? "판단" : "Your Judgement");
        return new Answer(EvolComposer.equality(first, second), "stop");
    }

    private Answer alpaca(String user, Random random) {
        List<String> demos = new ArrayList<>();
        int next = 1;
        for (String line : user.split("\n")) {
            Matcher matcher = ALPACA_ITEM.matcher(line);
            if (matcher.matches()) {
                next = Integer.parseInt(matcher.group(1));
                if (!matcher.group(2).isBlank()) {
                    demos.add(matcher.group(2).strip());
                }
            }
        }
        String text = tasks.alpacaBatch(demos, next, random);
        if (random.nextDouble() < config.truncatedShare()) {
            return new Answer(text.substring(0, Math.max(1, text.length() - 20)), "length");
        }
        return new Answer(text, "stop");
    }

    private Answer taskList(String user, boolean classification, Random random) {
        List<String> demos = new ArrayList<>();
        int next = 1;
        for (String line : user.split("\n")) {
            Matcher matcher = NUMBERED.matcher(line);
            if (matcher.matches()) {
                if (matcher.group(2).isBlank()) {
                    next = Integer.parseInt(matcher.group(1));
                } else {
                    demos.add(matcher.group(2).strip());
                    next = Integer.parseInt(matcher.group(1)) + 1;
                }
            }
        }
        List<String> items = tasks.compose(demos, Math.max(1, 16 - next), classification, random);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                text.append('\n');
            }
            text.append(next + i).append(". ").append(items.get(i));
        }
        if (random.nextDouble() < config.truncatedShare()) {
            String last = items.get(items.size() - 1);
            return new Answer(text.substring(0, text.length() - last.length() / 2 - 1), "length");
        }
        return new Answer(text.toString(), "stop");
    }

    private static String lastTask(String user) {
        int at = user.lastIndexOf("Task:");
        if (at < 0) {
            return user.strip();
        }
        String rest = user.substring(at + "Task:".length()).strip();
        int newline = rest.indexOf('\n');
        return newline < 0 ? rest : rest.substring(0, newline).strip();
    }

    private static Answer applyStop(Answer answer, List<String> stops) {
        int cut = -1;
        for (String stop : stops) {
            int at = stop.isEmpty() ? -1 : answer.text().indexOf(stop);
            if (at >= 0 && (cut < 0 || at < cut)) {
                cut = at;
            }
        }
        return cut < 0 ? answer : new Answer(answer.text().substring(0, cut), "stop");
    }

    private static List<String> stops(JsonNode stop) {
        List<String> stops = new ArrayList<>();
        if (stop.isTextual()) {
            stops.add(stop.asText());
        } else if (stop.isArray()) {
            stop.forEach(item -> stops.add(item.asText()));
        }
        return stops;
    }

    private static String content(JsonNode content) {
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder text = new StringBuilder();
        if (content.isArray()) {
            for (JsonNode part : content) {
                text.append(part.path("text").asText(""));
            }
        }
        return text.toString();
    }

    private long delayMillis(Random random) {
        long mean = config.latency().toMillis();
        if (config.latencyDistribution() == SimulatedLlmConfig.LatencyDistribution.EXPONENTIAL) {
            return Math.round(-mean * Math.log(1 - random.nextDouble()));
        }
        double factor = 1.0 + config.latencyJitter() * (2 * random.nextDouble() - 1);
        return Math.max(0, Math.round(mean * factor));
    }

    private ObjectNode completionJson(long id, Answer answer, int promptTokens) {
        ObjectNode root = JSON.createObjectNode();
        root.put("id", "chatcmpl-sim-" + id);
        root.put("object", "chat.completion");
        root.put("created", System.currentTimeMillis() / 1000);
        root.put("model", SimulatedLlmConfig.MODEL);
        root.put("system_fingerprint", "seedloop-simulator");
        ArrayNode choices = root.putArray("choices");
        ObjectNode choice = choices.addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        message.put("content", answer.text());
        message.putNull("refusal");
        choice.putNull("logprobs");
        choice.put("finish_reason", answer.finishReason());
        int completionTokens = TextPieces.estimateTokens(answer.text());
        ObjectNode usage = root.putObject("usage");
        usage.put("prompt_tokens", promptTokens);
        usage.put("completion_tokens", completionTokens);
        usage.put("total_tokens", promptTokens + completionTokens);
        return root;
    }

    private static ObjectNode models() {
        ObjectNode root = JSON.createObjectNode();
        root.put("object", "list");
        ObjectNode model = root.putArray("data").addObject();
        model.put("id", SimulatedLlmConfig.MODEL);
        model.put("object", "model");
        model.put("created", 1_700_000_000L);
        model.put("owned_by", "seedloop");
        return root;
    }

    private static ObjectNode error(String message, String type) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode error = root.putObject("error");
        error.put("message", message);
        error.put("type", type);
        error.putNull("param");
        error.putNull("code");
        return root;
    }

    private static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
        try (exchange) {
            byte[] bytes = JSON.writeValueAsBytes(body);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicLong count = new AtomicLong();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** The text of an answer and why it ended. */
    record Answer(String text, String finishReason) {
    }
}
