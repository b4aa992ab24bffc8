package dev.seedloop.system.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.seedloop.kafka.embedded.EmbeddedKafkaBroker;
import dev.seedloop.tools.audit.LoopAudit;
import dev.seedloop.launcher.demo.SeedTasks;
import dev.seedloop.llm.simulated.SimulatedLlmConfig;
import dev.seedloop.llm.simulated.SimulatedLlmServer;
import dev.seedloop.runtime.config.ConfigSource;
import dev.seedloop.runtime.config.KafkaSettings;
import dev.seedloop.runtime.kafka.KafkaClients;
import dev.seedloop.schemas.avro.AcceptedInstruction;
import dev.seedloop.schemas.avro.CandidateInstruction;
import dev.seedloop.schemas.avro.Example;
import dev.seedloop.schemas.avro.PoolEntry;
import dev.seedloop.schemas.avro.Rejection;
import dev.seedloop.schemas.avro.RejectionStage;
import dev.seedloop.schemas.avro.Source;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole loop as four operating-system processes on one broker (the filter's instruction judge split into two
 * shards and a sequencer), each killed with SIGKILL twice at random moments and restarted, and the broker restarted
 * once, while at least 2,000 candidates go through. Afterwards
 * every candidate has exactly one verdict, every accepted instruction exactly one outcome, every example is in the
 * pool exactly once, no two pool instructions are near-duplicates, and every consumer has committed to the end.
 */
@Timeout(900)
class CrashIT {

    /** Candidates the run must see before the generator is stopped. */
    static final int CANDIDATES = Integer.getInteger("seedloop.crash.candidates", 2_000);
    private static final List<String> STAGES = List.of("generator", "filter", "responder", "sink");

    @TempDir
    Path work;

    @Test
    void killedStagesAndARestartedBrokerLoseNothingAndDoubleNothing() throws Exception {
        long started = System.nanoTime();
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(work.resolve("broker"));
        SimulatedLlmServer llm = SimulatedLlmServer.start(SimulatedLlmConfig.from(ConfigSource.ofValues(Map.of(
                "simulator.latency", "5ms", "simulator.rate-limit-share", "0.05", "simulator.retry-after", "100ms"))));
        Map<String, StageProcess> stages = new LinkedHashMap<>();
        List<String> schedule = new ArrayList<>();
        try (LoopRun run = LoopRun.prepare(broker.bootstrapServers(), "crash", work, SeedTasks.bundled())) {
            // A dead member leaves its group after 6 s instead of 45 s
            Path clientConfig = work.resolve("failover.properties");
            Files.writeString(clientConfig, "session.timeout.ms=6000\nheartbeat.interval.ms=1500\n");
            Map<String, String> llmSettings = Map.of("llm.base-url", llm.baseUrl(), "llm.model", "simulated",
                    "llm.backoff-initial", "100ms", "llm.backoff-max", "1s");
            for (String stage : STAGES) {
                Map<String, String> own = new HashMap<>(Map.of("kafka.client-config-file", clientConfig.toString()));
                if (stage.equals("filter")) {
                    // the instruction judge split in two: both shards and the sequencer die with the process; static
                    // membership as in Kubernetes, so the restarted process takes its place without a session timeout
                    own.put("filter.shards", "2");
                    own.put("kafka.group-instance-id", "crash-filter-0");
                }
                stages.put(stage, StageProcess.start(stage, broker.bootstrapServers(), run.processSettings(stage,
                        llmSettings, own), work.resolve(stage + ".log")));
            }

            // When each stage is killed twice at random moments, and the broker restarted half-way
            List<String> kills = new ArrayList<>();
            for (String stage : STAGES) {
                kills.add(stage);
                kills.add(stage);
            }
            Random random = new Random(20261202L);
            Collections.shuffle(kills, random);
            kills.add(kills.size() / 2, "broker");
            for (String victim : kills) {
                long candidatesBefore = run.candidates().size();
                Thread.sleep(2_000 + random.nextInt(4_000));
                await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                        .until(() -> run.candidates().size() > candidatesBefore);
                if (victim.equals("broker")) {
                    broker = broker.restart();
                    schedule.add(String.format(Locale.ROOT, "broker restarted at %d candidates",
                            run.candidates().size()));
                    continue;
                }
                StageProcess stage = stages.get(victim);
                stage.kill();
                schedule.add(String.format(Locale.ROOT, "%s killed at %d candidates", victim,
                        run.candidates().size()));
                Thread.sleep(500 + random.nextInt(2_000));
                stage.restart();
            }
            await().atMost(Duration.ofMinutes(8)).pollInterval(Duration.ofSeconds(2))
                    .until(() -> run.candidates().size() >= CANDIDATES);
            stages.get("generator").close();
            run.awaitDrained(Duration.ofMinutes(5));
            for (StageProcess stage : stages.values()) {
                assertThat(stage.isAlive() || stage == stages.get("generator"))
                        .as("%s is still running (no crash of its own)", stage).isTrue();
            }

            // Then every candidate has exactly one instruction verdict
            List<CandidateInstruction> candidates = run.candidates();
            assertThat(candidates.size()).isGreaterThanOrEqualTo(CANDIDATES);
            assertThat(candidates).extracting(CandidateInstruction::getCandidateId).doesNotHaveDuplicates();
            Map<String, Long> verdicts = new HashMap<>();
            List<AcceptedInstruction> accepted = run.accepted();
            List<Rejection> rejections = run.rejections();
            accepted.forEach(a -> verdicts.merge(a.getCandidateId(), 1L, Long::sum));
            rejections.stream().filter(r -> r.getStage() == RejectionStage.INSTRUCTION)
                    .forEach(r -> verdicts.merge(r.getCandidateId(), 1L, Long::sum));
            assertThat(verdicts.keySet()).containsExactlyInAnyOrderElementsOf(candidates.stream()
                    .map(CandidateInstruction::getCandidateId).toList());
            assertThat(verdicts).allSatisfy((id, count) -> assertThat(count).as("verdicts on %s", id).isOne());

            // And every accepted instruction exactly one outcome of the responder
            run.assertOneOutcomePerAcceptedInstruction();

            // And every accepted example is in the pool exactly once
            List<Example> examples = run.examples();
            assertThat(examples).extracting(Example::getInstructionId).doesNotHaveDuplicates();
            Map<String, Long> machineRecords = run.poolRecords().stream()
                    .filter(entry -> entry.getSource() == Source.MACHINE)
                    .collect(Collectors.groupingBy(PoolEntry::getId, Collectors.counting()));
            assertThat(machineRecords.keySet()).containsExactlyInAnyOrderElementsOf(examples.stream()
                    .map(Example::getInstructionId).toList());
            assertThat(machineRecords).allSatisfy((id, count) -> assertThat(count).as("pool records of %s", id)
                    .isOne());

            // And every consumer has committed to the end of its input
            assertThat(lag(broker, Map.of(
                    "crash-filter", List.of(run.topics().responses().name()),
                    "crash-filter-sequencer", List.of(run.topics().candidates().name(), run.topics().pool().name()),
                    "crash-responder", List.of(run.topics().instructions().name()),
                    "crash-sink", List.of(run.topics().examples().name())))).isEqualTo(Map.of());

            // And seedloop audit, reading the same topics, finds the loop clean and drained, and no machine
            // instruction in the pool a near-duplicate of another pool instruction
            LoopAudit.Report audit = new LoopAudit(new KafkaClients(KafkaSettings.from(ConfigSource.ofValues(
                    run.settings(Map.of())))), 0.7).run();
            assertThat(audit.drained()).as(audit.describe()).isTrue();
            assertThat(audit.nearDuplicates()).isZero();
            assertThat(audit.poolMachineEntries()).isEqualTo(examples.size());
            assertThat(audit.candidates()).isEqualTo(candidates.size());
            assertThat(audit.examples()).isEqualTo(examples.size());

            int restarts = stages.values().stream().mapToInt(stage -> stage.starts() - 1).sum();
            System.out.printf(Locale.ROOT, "crash run: %,d candidates, %,d instructions accepted, %,d rejected, "
                    + "%,d examples in the pool, %d stage restarts and 1 broker restart survived, 0 lost, "
                    + "0 doubled, %d s%n  %s%n", candidates.size(), accepted.size(), rejections.size(),
                    examples.size(), restarts, (System.nanoTime() - started) / 1_000_000_000L,
                    String.join("\n  ", schedule));
        } finally {
            for (StageProcess stage : stages.values()) {
                stage.close();
            }
            llm.close();
            broker.close();
        }
    }

    /** Records each group has not committed, by group and partition; empty when every one is at the end. */
    private static Map<String, Long> lag(EmbeddedKafkaBroker broker, Map<String, List<String>> inputs)
            throws Exception {
        Map<String, Long> lag = new HashMap<>();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            for (Map.Entry<String, List<String>> group : inputs.entrySet()) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group.getKey())
                        .partitionsToOffsetAndMetadata().get();
                Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
                for (String topic : group.getValue()) {
                    admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
                            .forEach(p -> ends.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
                }
                admin.listOffsets(ends).all().get().forEach((partition, end) -> {
                    OffsetAndMetadata offset = committed.get(partition);
                    long behind = end.offset() - (offset == null ? 0 : offset.offset());
                    if (behind > 0) {
                        lag.put(group.getKey() + " " + partition, behind);
                    }
                });
            }
        }
        return lag;
    }
}
