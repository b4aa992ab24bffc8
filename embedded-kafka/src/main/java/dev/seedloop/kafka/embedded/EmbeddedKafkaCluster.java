package dev.seedloop.kafka.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A replicated Apache Kafka cluster in this JVM: {@code n} KRaft nodes, each a broker and a controller (so the
 * controller quorum survives the loss of any minority), on loopback only, in a temporary directory deleted on close.
 * Internal topics (offsets, transactions) are replicated to {@code min(3, n)} nodes with {@code min(2, n)} in sync,
 * as a production cluster has them. A node can be stopped as a crashed node stops (no controlled shutdown: its
 * partitions lose their leader until the controller fences it) and started again on the same directory and ports.
 */
public final class EmbeddedKafkaCluster implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(EmbeddedKafkaCluster.class);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    private final Path root;
    private final String clusterId = Uuid.randomUuid().toString();
    private final int[] ports;
    private final int[] controllerPorts;
    private final KafkaRaftServer[] servers;
    private boolean closed;

    private EmbeddedKafkaCluster(Path root, int nodes) {
        this.root = root;
        int[] free = freePorts(2 * nodes);
        this.ports = IntStream.range(0, nodes).map(i -> free[i]).toArray();
        this.controllerPorts = IntStream.range(0, nodes).map(i -> free[nodes + i]).toArray();
        this.servers = new KafkaRaftServer[nodes];
    }

    /** Starts {@code nodes} nodes (at least 1) in a fresh temporary directory, all at once. */
    public static EmbeddedKafkaCluster startTemporary(int nodes) {
        if (nodes < 1) {
            throw new IllegalArgumentException("a cluster needs at least one node, not " + nodes);
        }
        EmbeddedKafkaCluster cluster;
        try {
            cluster = new EmbeddedKafkaCluster(Files.createTempDirectory("seedloop-kafka-cluster-"), nodes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long started = System.nanoTime();
        try {
            // A node's start waits for the controller quorum, which needs a majority of the nodes: start them together.
            CompletableFuture.allOf(IntStream.range(0, nodes)
                    .mapToObj(index -> CompletableFuture.runAsync(() -> cluster.startNode(index)))
                    .toArray(CompletableFuture[]::new)).get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            cluster.awaitBrokers(nodes);
        } catch (Exception e) {
            cluster.close();
            throw new IllegalStateException("the " + nodes + "-node cluster did not start: " + e.getMessage(), e);
        }
        LOGGER.info("embedded Kafka cluster of {} nodes ready at {} in {} ms", nodes, cluster.bootstrapServers(),
                (System.nanoTime() - started) / 1_000_000);
        return cluster;
    }

    /** Every node's host:port, stopped ones included (clients skip those). */
    public String bootstrapServers() {
        return IntStream.of(ports).mapToObj(port -> "127.0.0.1:" + port).collect(Collectors.joining(","));
    }

    /** How many nodes the cluster has; their ids are 1 to that number. */
    public int size() {
        return servers.length;
    }

    /** The ids of the nodes running now. */
    public synchronized Set<Integer> running() {
        Set<Integer> running = new TreeSet<>();
        for (int index = 0; index < servers.length; index++) {
            if (servers[index] != null) {
                running.add(index + 1);
            }
        }
        return running;
    }

    /** The id of the node leading {@code partition} now, as the cluster's metadata says; -1 when it has none. */
    public int leader(TopicPartition partition) {
        try (Admin admin = Admin.create(adminConfig())) {
            TopicDescription description = admin.describeTopics(List.of(partition.topic())).allTopicNames()
                    .get(10, TimeUnit.SECONDS).get(partition.topic());
            TopicPartitionInfo info = description.partitions().get(partition.partition());
            Node leader = info.leader();
            return leader == null || leader.isEmpty() ? -1 : leader.id();
        } catch (Exception e) {
            throw new IllegalStateException("cannot describe " + partition + ": " + e.getMessage(), e);
        }
    }

    /** The in-sync replicas of {@code partition} now. */
    public Set<Integer> inSyncReplicas(TopicPartition partition) {
        try (Admin admin = Admin.create(adminConfig())) {
            TopicDescription description = admin.describeTopics(List.of(partition.topic())).allTopicNames()
                    .get(10, TimeUnit.SECONDS).get(partition.topic());
            return description.partitions().get(partition.partition()).isr().stream().map(Node::id)
                    .collect(Collectors.toCollection(TreeSet::new));
        } catch (Exception e) {
            throw new IllegalStateException("cannot describe " + partition + ": " + e.getMessage(), e);
        }
    }

    /**
     * Stops node {@code id} as a crash stops it: without handing its partitions' leadership over first. Its log
     * stays; {@link #start(int)} brings it back.
     */
    public synchronized void stop(int id) {
        KafkaRaftServer server = servers[index(id)];
        if (server == null) {
            throw new IllegalStateException("node " + id + " is not running");
        }
        servers[index(id)] = null;
        server.shutdown();
        server.awaitShutdown();
        LOGGER.info("node {} of the embedded cluster stopped", id);
    }

    /** Starts node {@code id} again on its directory and ports. */
    public void start(int id) {
        synchronized (this) {
            if (servers[index(id)] != null) {
                throw new IllegalStateException("node " + id + " is running");
            }
        }
        startNode(index(id));
        LOGGER.info("node {} of the embedded cluster started again", id);
    }

    /** Stops every node and deletes the cluster's directory. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<CompletableFuture<Void>> stops = new ArrayList<>();
        for (int index = 0; index < servers.length; index++) {
            KafkaRaftServer server = servers[index];
            servers[index] = null;
            if (server != null) {
                stops.add(CompletableFuture.runAsync(() -> {
                    server.shutdown();
                    server.awaitShutdown();
                }));
            }
        }
        try {
            CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOGGER.warn("the embedded cluster did not stop cleanly: {}", e.toString());
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            LOGGER.warn("could not delete {}: {}", root, e.toString());
        }
    }

    private void startNode(int index) {
        Path logDir = root.resolve("node-" + (index + 1));
        KafkaConfig config = KafkaConfig.fromProps(properties(index, logDir), false);
        try {
            Files.createDirectories(logDir);
            if (!Files.exists(logDir.resolve("meta.properties"))) {
                EmbeddedKafkaBroker.format(logDir, clusterId, index + 1);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + logDir, e);
        }
        KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
        server.startup();
        synchronized (this) {
            servers[index] = server;
        }
    }

    private Properties properties(int index, Path logDir) {
        int nodes = servers.length;
        Properties properties = EmbeddedKafkaBroker.brokerProperties(logDir, ports[index], controllerPorts[index]);
        properties.put("node.id", Integer.toString(index + 1));
        properties.put("controller.quorum.voters", IntStream.range(0, nodes)
                .mapToObj(i -> (i + 1) + "@127.0.0.1:" + controllerPorts[i]).collect(Collectors.joining(",")));
        String replicas = Integer.toString(Math.min(3, nodes));
        String inSync = Integer.toString(Math.min(2, nodes));
        properties.put("offsets.topic.replication.factor", replicas);
        properties.put("transaction.state.log.replication.factor", replicas);
        properties.put("transaction.state.log.min.isr", inSync);
        properties.put("share.coordinator.state.topic.replication.factor", replicas);
        properties.put("share.coordinator.state.topic.min.isr", inSync);
        properties.put("default.replication.factor", replicas);
        properties.put("min.insync.replicas", inSync);
        // A stopped node is a crashed node: no leadership handed over, and fenced within seconds (the broker
        // session of brokerProperties).
        properties.put("controlled.shutdown.enable", "false");
        properties.put("replica.lag.time.max.ms", "5000");
        return properties;
    }

    private void awaitBrokers(int expected) throws InterruptedException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        try (Admin admin = Admin.create(adminConfig())) {
            while (System.nanoTime() < deadline) {
                try {
                    if (admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).size() >= expected) {
                        return;
                    }
                } catch (Exception e) {
                    LOGGER.debug("cluster not ready yet: {}", e.toString());
                }
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("fewer than " + expected + " brokers registered within " + READY_TIMEOUT);
    }

    private Map<String, Object> adminConfig() {
        return Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                10000);
    }

    private int index(int id) {
        if (id < 1 || id > servers.length) {
            throw new IllegalArgumentException("no node " + id + " in a cluster of " + servers.length);
        }
        return id - 1;
    }

    /** {@code count} free loopback ports, all sockets held open together so none is handed out twice. */
    private static int[] freePorts(int count) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                sockets.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
            }
            return sockets.stream().mapToInt(ServerSocket::getLocalPort).toArray();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        } finally {
            for (ServerSocket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException e) {
                    LOGGER.debug("closing a probe socket: {}", e.toString());
                }
            }
        }
    }
}
