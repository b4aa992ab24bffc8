package dev.seedloop.kafka.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apache Kafka broker in this JVM: one KRaft node acting as broker and controller, listening on loopback
 * only, with its log under a directory that survives restarts (so a demo can continue its pool). The settings a
 * single node needs (replication factor 1 for internal topics and transactions) are set here.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
    private static final int NODE_ID = 1;
    private static final String CONTROLLER = "CONTROLLER";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration MARKERS_TIMEOUT = Duration.ofSeconds(10);

    private final KafkaRaftServer server;
    private final String bootstrapServers;
    private final Path logDir;
    private final boolean deleteOnClose;
    private final int port;
    private final int controllerPort;
    private boolean closed;
    private List<TopicPartition> repaired = List.of();

    private EmbeddedKafkaBroker(KafkaRaftServer server, String bootstrapServers, Path logDir, boolean deleteOnClose,
            int port, int controllerPort) {
        this.server = server;
        this.bootstrapServers = bootstrapServers;
        this.logDir = logDir;
        this.deleteOnClose = deleteOnClose;
        this.port = port;
        this.controllerPort = controllerPort;
    }

    /**
     * Starts a broker whose log lives in {@code directory}: formatted on first use, reused afterwards. Before it is
     * handed out, transactions that a process killed while committing left hanging are aborted
     * ({@link #repairedTransactions()}): nothing else can be connected to this new broker yet.
     */
    public static EmbeddedKafkaBroker start(Path directory) {
        EmbeddedKafkaBroker broker = start(directory, false);
        broker.repairHangingTransactions();
        return broker;
    }

    /** Starts a broker in a fresh temporary directory that is deleted on close. */
    public static EmbeddedKafkaBroker startTemporary() {
        try {
            return start(Files.createTempDirectory("seedloop-kafka-"), true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static EmbeddedKafkaBroker start(Path directory, boolean deleteOnClose) {
        int[] ports = freePorts();
        return start(directory, deleteOnClose, ports[0], ports[1]);
    }

    private static EmbeddedKafkaBroker start(Path directory, boolean deleteOnClose, int port, int controllerPort) {
        long started = System.nanoTime();
        Path logDir = directory.toAbsolutePath().resolve("kafka-logs");
        Properties properties = brokerProperties(logDir, port, controllerPort);
        KafkaConfig config = KafkaConfig.fromProps(properties, false);
        try {
            Files.createDirectories(logDir);
            if (!Files.exists(logDir.resolve("meta.properties"))) {
                format(logDir, Uuid.randomUuid().toString(), NODE_ID);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the broker log directory " + logDir, e);
        }
        KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
        server.startup();
        String bootstrap = "127.0.0.1:" + port;
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(server, bootstrap, logDir, deleteOnClose, port,
                controllerPort);
        try {
            broker.awaitReady();
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
        LOGGER.info("embedded Kafka broker ready at {} (log {}) in {} ms", bootstrap, logDir,
                (System.nanoTime() - started) / 1_000_000);
        return broker;
    }

    /** The partitions on which {@link #start(Path)} aborted a hanging transaction. */
    public List<TopicPartition> repairedTransactions() {
        return repaired;
    }

    private void repairHangingTransactions() {
        try (Admin admin = Admin.create(adminConfig())) {
            repaired = HangingTransactions.abort(admin);
        } catch (Exception e) {
            LOGGER.warn("could not look for hanging transactions: {}", e.toString());
        }
    }

    /** host:port of the broker's loopback listener. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    public Path logDir() {
        return logDir;
    }

    /**
     * Stops this broker as a crashed or upgraded node stops, keeping its log, and starts it again on the same
     * directory and ports, so clients reconnect to the same address. This instance is closed; use the one returned.
     */
    public synchronized EmbeddedKafkaBroker restart() {
        if (closed) {
            throw new IllegalStateException("the broker at " + bootstrapServers + " is closed");
        }
        closed = true;
        server.shutdown();
        server.awaitShutdown();
        LOGGER.info("embedded Kafka broker at {} stopped; starting it again", bootstrapServers);
        return start(logDir.getParent(), deleteOnClose, port, controllerPort);
    }

    /**
     * Stops the broker, once the transactions that are decided have their markers written (at most a few seconds):
     * stopping in between can leave partitions open that the coordinator thinks closed.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try (Admin admin = Admin.create(adminConfig())) {
            if (!HangingTransactions.awaitMarkers(admin, MARKERS_TIMEOUT)) {
                LOGGER.warn("stopping with transaction markers still being written");
            }
        } catch (Exception e) {
            LOGGER.warn("could not wait for transaction markers: {}", e.toString());
        }
        server.shutdown();
        server.awaitShutdown();
        if (deleteOnClose) {
            deleteRecursively(logDir.getParent());
        }
    }

    private Map<String, Object> adminConfig() {
        return Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                10000);
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        Map<String, Object> config = adminConfig();
        Exception last = null;
        try (Admin admin = Admin.create(config)) {
            while (System.nanoTime() < deadline) {
                try {
                    if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (Exception e) {
                    last = e;
                }
            }
        }
        throw new IllegalStateException("embedded broker not ready within " + READY_TIMEOUT, last);
    }

    static Properties brokerProperties(Path logDir, int port, int controllerPort) {
        Properties properties = new Properties();
        properties.put("process.roles", "broker,controller");
        properties.put("node.id", Integer.toString(NODE_ID));
        properties.put("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort);
        properties.put("listeners", "PLAINTEXT://127.0.0.1:" + port + "," + CONTROLLER + "://127.0.0.1:"
                + controllerPort);
        properties.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        properties.put("controller.listener.names", CONTROLLER);
        properties.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER + ":PLAINTEXT");
        properties.put("inter.broker.listener.name", "PLAINTEXT");
        properties.put("log.dirs", logDir.toString());
        // A single node: every internal topic has one replica and one in-sync replica.
        properties.put("offsets.topic.replication.factor", "1");
        properties.put("offsets.topic.num.partitions", "5");
        properties.put("transaction.state.log.replication.factor", "1");
        properties.put("transaction.state.log.min.isr", "1");
        properties.put("transaction.state.log.num.partitions", "5");
        properties.put("share.coordinator.state.topic.replication.factor", "1");
        properties.put("share.coordinator.state.topic.min.isr", "1");
        properties.put("min.insync.replicas", "1");
        properties.put("default.replication.factor", "1");
        properties.put("group.initial.rebalance.delay.ms", "0");
        properties.put("auto.create.topics.enable", "false");
        properties.put("num.partitions", "1");
        // After a SIGKILL the controller holds the dead incarnation's registration until its session expires: a
        // broker started again on the directory is ready after about this long, not after the default 9 s.
        properties.put("broker.heartbeat.interval.ms", "500");
        properties.put("broker.session.timeout.ms", "3000");
        // Small segments so that the compacted pool topic is compacted within a demo's lifetime.
        properties.put("log.cleaner.backoff.ms", "5000");
        return properties;
    }

    /** Formats {@code logDir} as node {@code nodeId} of cluster {@code clusterId}: its first start. */
    static void format(Path logDir, String clusterId, int nodeId) {
        try {
            Formatter formatter = new Formatter()
                    .setClusterId(clusterId)
                    .setNodeId(nodeId)
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .setControllerListenerName(CONTROLLER)
                    .setMetadataLogDirectory(logDir.toString())
                    .setPrintStream(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
            formatter.addDirectory(logDir.toString());
            formatter.run();
            LOGGER.info("formatted a new broker log directory {}", logDir);
        } catch (Exception e) {
            throw new IllegalStateException("cannot format the broker log directory " + logDir + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * Two free loopback ports, for the broker and its controller: both sockets are held open together, so the
     * system cannot hand out the same port twice (it did, one port asked for after the other was released).
     */
    private static int[] freePorts() {
        try (ServerSocket broker = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                ServerSocket controller = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return new int[] {broker.getLocalPort(), controller.getLocalPort()};
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }

    private static void deleteRecursively(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            LOGGER.warn("could not delete {}: {}", root, e.toString());
        }
    }
}
