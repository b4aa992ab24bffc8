package dev.seedloop.system.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.seedloop.kafka.embedded.EmbeddedKafkaCluster;
import dev.seedloop.launcher.demo.SeedTasks;
import dev.seedloop.llm.simulated.SimulatedLlmConfig;
import dev.seedloop.llm.simulated.SimulatedLlmServer;
import dev.seedloop.runtime.config.ConfigSource;
import dev.seedloop.runtime.config.KafkaSettings;
import dev.seedloop.runtime.kafka.KafkaClients;
import dev.seedloop.system.loop.LoopRun;
import dev.seedloop.system.loop.StageProcess;
import dev.seedloop.tools.audit.LoopAudit;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The loop on a replicated cluster, as production runs it: three KRaft nodes in this JVM, every topic with three
 * replicas of which two must have a record before a write succeeds, the four stages as operating-system processes.
 * The node leading the pool is stopped as a crashed node stops and started again later, then the node leading the
 * candidates; the loop goes on meanwhile, and the audit afterwards finds nothing lost, nothing doubled.
 */
@Timeout(600)
class ReplicatedClusterIT {

    /** Candidates the run must see before the generator is stopped. */
    static final int CANDIDATES = Integer.getInteger("seedloop.replicated.candidates", 1_000);
    /** Candidates the loop must write while a node is down before it is started again. */
    private static final int WHILE_DOWN = 200;
    private static final List<String> STAGES = List.of("generator", "filter", "responder", "sink");

    @TempDir
    Path work;

    @Test
    void theLoopLosesAndDoublesNothingWhileTheLeadersOfThePoolAndTheCandidatesGoDownAndComeBack()
            throws Exception {
        long started = System.nanoTime();
        List<String> schedule = new ArrayList<>();
        try (EmbeddedKafkaCluster cluster = EmbeddedKafkaCluster.startTemporary(3);
                SimulatedLlmServer llm = SimulatedLlmServer.start(SimulatedLlmConfig.from(ConfigSource.ofValues(
                        Map.of("simulator.latency", "5ms"))));
                LoopRun run = LoopRun.prepare(cluster.bootstrapServers(), "replicated", work, SeedTasks.bundled(),
                        Map.of("kafka.replication-factor", "3", "kafka.min-insync-replicas", "2"));
                StageProcesses stages = new StageProcesses()) {
            // Given the registry's topics on three replicas, two in sync
            assertReplicated(cluster, run.topics().all().stream().map(topic -> topic.name()).toList());
            Map<String, String> llmSettings = Map.of("llm.base-url", llm.baseUrl(), "llm.model", "simulated",
                    "llm.backoff-initial", "100ms", "llm.backoff-max", "1s");
            for (String stage : STAGES) {
                stages.put(stage, StageProcess.start(stage, cluster.bootstrapServers(), run.processSettings(stage,
                        llmSettings, Map.of()), work.resolve(stage + ".log")));
            }

            // When the leader of the pool, then the leader of the candidates, goes down while the loop runs
            for (TopicPartition partition : List.of(new TopicPartition(run.topics().pool().name(), 0),
                    new TopicPartition(run.topics().candidates().name(), 0))) {
                long before = awaitMoreCandidates(run, 0, WHILE_DOWN);
                int leader = cluster.leader(partition);
                cluster.stop(leader);
                schedule.add(String.format(Locale.ROOT, "node %d (leading %s) stopped at %d candidates", leader,
                        partition, before));
                long during = awaitMoreCandidates(run, before, WHILE_DOWN);
                cluster.start(leader);
                schedule.add(String.format(Locale.ROOT, "node %d started again at %d candidates", leader, during));
                await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                        .until(() -> cluster.inSyncReplicas(partition).size() == 3);
            }
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(2))
                    .until(() -> run.candidates().size() >= CANDIDATES);
            stages.get("generator").close();
            run.awaitDrained(Duration.ofMinutes(5));
            for (String stage : List.of("filter", "responder", "sink")) {
                assertThat(stages.get(stage).isAlive()).as("%s is still running", stage).isTrue();
            }

            // Then the audit finds every candidate judged once, every example in the pool once, nothing waiting
            // and no near-duplicates
            LoopAudit.Report audit = new LoopAudit(new KafkaClients(KafkaSettings.from(ConfigSource.ofValues(
                    run.settings(Map.of())))), 0.7).run();
            assertThat(audit.drained()).as(audit.describe()).isTrue();
            assertThat(audit.nearDuplicates()).isZero();
            assertThat(audit.candidates()).isEqualTo(run.candidates().size()).isGreaterThanOrEqualTo(CANDIDATES);
            assertThat(audit.examples()).isPositive();
            assertThat(audit.poolMachineEntries()).isEqualTo(audit.examples());
            run.assertOneOutcomePerAcceptedInstruction();
            // And the stores' changelogs that Kafka Streams created are replicated the same way
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
                List<String> changelogs = admin.listTopics().names().get().stream()
                        .filter(name -> name.startsWith("replicated-") && name.endsWith("-changelog")).toList();
                assertThat(changelogs).isNotEmpty();
                assertReplicated(cluster, changelogs);
            }
            System.out.printf(Locale.ROOT, "replicated run: %,d candidates, %,d examples in the pool, 3 nodes, "
                    + "%d s%n  %s%n", audit.candidates(), audit.examples(),
                    (System.nanoTime() - started) / 1_000_000_000L, String.join("\n  ", schedule));
        }
    }

    /** The stages' processes, stopped before the cluster they write to. */
    private static final class StageProcesses extends LinkedHashMap<String, StageProcess> implements AutoCloseable {

        @Override
        public void close() throws InterruptedException {
            for (StageProcess stage : values()) {
                stage.close();
            }
        }
    }

    /** Waits until the candidates topic holds {@code more} records beyond {@code from}; returns how many it holds. */
    private static long awaitMoreCandidates(LoopRun run, long from, int more) {
        long[] count = {0};
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(() -> {
            count[0] = run.candidates().size();
            return count[0] >= from + more;
        });
        return count[0];
    }

    private static void assertReplicated(EmbeddedKafkaCluster cluster, List<String> topics) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
            Map<String, TopicDescription> descriptions = admin.describeTopics(topics).allTopicNames().get();
            assertThat(descriptions.values()).allSatisfy(description -> assertThat(description.partitions())
                    .allSatisfy(partition -> assertThat(partition.replicas()).as(description.name()).hasSize(3)));
            Map<ConfigResource, Config> configs = admin.describeConfigs(topics.stream()
                    .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name))
                    .collect(Collectors.toList())).all().get();
            // set on the topic itself, not the brokers' default
            assertThat(configs).allSatisfy((topic, config) -> assertThat(config.get("min.insync.replicas"))
                    .as(topic.name()).extracting(ConfigEntry::value, ConfigEntry::source)
                    .containsExactly("2", ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG));
        }
    }
}
