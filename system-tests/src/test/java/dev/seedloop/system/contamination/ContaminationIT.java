package dev.seedloop.system.contamination;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.seedloop.filter.FilterConfig;
import dev.seedloop.runtime.config.ConfigSource;
import dev.seedloop.runtime.config.KafkaSettings;
import dev.seedloop.runtime.kafka.KafkaClients;
import dev.seedloop.runtime.kafka.TopicProvisioner;
import dev.seedloop.runtime.lifecycle.StopSequence;
import dev.seedloop.schemas.AvroSerde;
import dev.seedloop.schemas.InstructionId;
import dev.seedloop.schemas.Topic;
import dev.seedloop.schemas.TopicRegistry;
import dev.seedloop.schemas.avro.AcceptedInstruction;
import dev.seedloop.schemas.avro.CandidateInstruction;
import dev.seedloop.schemas.avro.Example;
import dev.seedloop.schemas.avro.Instance;
import dev.seedloop.schemas.avro.InstanceSource;
import dev.seedloop.schemas.avro.PoolEntry;
import dev.seedloop.schemas.avro.Provenance;
import dev.seedloop.schemas.avro.Rejection;
import dev.seedloop.schemas.avro.RejectionStage;
import dev.seedloop.system.CommandRun;
import dev.seedloop.testkit.SharedData;
import dev.seedloop.testkit.TestKafka;
import dev.seedloop.testkit.TopicReader;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Benchmark contamination on a real broker: the filter as its Main composes it rejects a candidate quoting a GSM8K
 * test question and, at the response stage, an output reproducing a HumanEval solution; then leaks ingested without
 * the filter are found and removed by {@code seedloop contamination}, run as a user runs it.
 */
@Timeout(240)
class ContaminationIT {

    static {
        AvroSerde.trustRecords();
    }

    @TempDir
    Path work;

    @Test
    void leaksAreRejectedInTheStreamAndThoseAlreadyInThePoolAreFoundAndRemoved() throws Exception {
        String gsm8k = SharedData.jsonLines("eval/gsm8k_test.jsonl").get(41).path("question").asText();
        var humanEval = SharedData.jsonLines("eval/humaneval.jsonl").get(2);
        String solution = humanEval.path("prompt").asText() + humanEval.path("canonical_solution").asText();
        try (StopSequence stops = new StopSequence("contamination-it")) {
            TestKafka broker = stops.add("broker", TestKafka.start());
            KafkaSettings kafka = KafkaSettings.forBootstrap(broker.bootstrapServers());
            TopicRegistry topics = kafka.topics();
            KafkaClients clients = new KafkaClients(kafka);
            TopicProvisioner.provision(clients, "contamination-it");

            // Given candidates: one quoting a GSM8K test question, one innocent task
            String innocent = "Write a limerick about a cat who learns to play the piano.";
            String leaked = "Solve the following problem step by step. " + gsm8k;
            CandidateInstruction quoting = candidate("c-gsm8k", leaked);
            CandidateInstruction clean = candidate("c-clean", innocent);
            // and a response whose output reproduces HumanEval/2's solution, beside a clean one
            String task = "Write a Python function that returns the decimal part of a positive number.";
            Example response = Example.newBuilder().setInstructionId(InstructionId.of(task)).setCandidateId("c-code")
                    .setInstruction(task)
                    .setInstances(List.of(new Instance("", solution), new Instance("", "Subtract the integer part "
                            + "of the number from the number: x - int(x).")))
                    .setProvenance(Provenance.newBuilder().setMethod("test")
                            .setInstanceSource(InstanceSource.DIRECT_ANSWER).build())
                    .setRespondedAt(Instant.now()).build();
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(clients.producer("contamination-it"),
                    new ByteArraySerializer(), new ByteArraySerializer())) {
                for (CandidateInstruction candidate : List.of(quoting, clean)) {
                    send(producer, topics.candidates(), candidate.getCandidateId(), candidate);
                }
                send(producer, topics.responses(), response.getInstructionId(), response);
            }

            // When the filter judges them with the default rules
            Map<String, String> settings = new HashMap<>(Map.of("kafka.bootstrap-servers",
                    broker.bootstrapServers(), "http.port", "-1", "filter.state-dir",
                    work.resolve("filter").toString(), "filter.semantic-duplicate.enabled", "false"));
            SimpleMeterRegistry metrics = new SimpleMeterRegistry();
            stops.add("filter", dev.seedloop.filter.Main.start(FilterConfig.from(ConfigSource.ofValues(settings)),
                    metrics));
            await().atMost(Duration.ofMinutes(2)).until(() -> values(broker, topics.instructions()).size()
                    + values(broker, topics.rejections()).stream()
                    .filter(rejection -> rejection.getStage() == RejectionStage.INSTRUCTION).count() == 2
                    && values(broker, topics.examples()).size() == 1);

            // Then the GSM8K quote is rejected naming the set, the item and the span; the innocent task passes
            Map<String, Rejection> rejected = values(broker, topics.rejections()).stream()
                    .collect(Collectors.toMap(r -> r.getStage() + "|" + r.getCandidateId(), r -> r));
            Rejection instruction = rejected.get("INSTRUCTION|c-gsm8k");
            assertThat(instruction.getReason()).isEqualTo("benchmark-contamination");
            assertThat(instruction.getDetail()).contains("gsm8k item line 42")
                    .contains(gsm8k.substring(0, 40));
            assertThat(values(broker, topics.instructions())).extracting(AcceptedInstruction::getCandidateId)
                    .containsExactly("c-clean");
            // and the reproduced solution is dropped at the response stage, the clean instance kept
            Rejection output = rejected.get("RESPONSE|c-code");
            assertThat(output.getReason()).isEqualTo("benchmark-contamination");
            assertThat(output.getDetail()).startsWith("the output quotes humaneval item HumanEval/2");
            assertThat(output.getInstances()).extracting(Instance::getOutput).containsExactly(solution);
            assertThat(values(broker, topics.examples()).get(0).getInstances()).extracting(Instance::getOutput)
                    .containsExactly("Subtract the integer part of the number from the number: x - int(x).");

            // and the quotes are counted per stage and eval set, the sets not quoted at zero
            assertThat(quotes(metrics, "instruction", "gsm8k")).isEqualTo(1.0);
            assertThat(quotes(metrics, "response", "humaneval")).isEqualTo(1.0);
            assertThat(quotes(metrics, "instruction", "mt-bench")).isZero();

            // Given leaks ingested straight into the pool, without the filter
            Path leaks = work.resolve("leaks.jsonl");
            Files.writeString(leaks, String.join("\n",
                    "{\"instruction\": " + json(gsm8k) + ", \"input\": \"\", \"output\": \"42\"}",
                    "{\"instruction\": " + json(task) + ", \"input\": \"\", \"output\": " + json(solution) + "}",
                    "{\"instruction\": \"Name three colours of the rainbow.\", \"input\": \"\", \"output\": "
                            + "\"Red, orange and yellow.\"}") + "\n");
            Map<String, String> environment = Map.of("SEEDLOOP_EMBEDDING_PROVIDER", "none");
            CommandRun ingest = CommandRun.run(work, Duration.ofMinutes(2), environment, "ingest", "--format",
                    "alpaca", "--in", leaks.toString(), "--bootstrap-servers", broker.bootstrapServers());
            assertThat(ingest.exitCode()).as(ingest.output()).isZero();

            // When the pool is scanned, then cleaned
            CommandRun scan = CommandRun.run(work, Duration.ofMinutes(2), "contamination", "--bootstrap-servers",
                    broker.bootstrapServers(), "--out", work.resolve("quotes.jsonl").toString(), "--fail-on-match");
            CommandRun remove = CommandRun.run(work, Duration.ofMinutes(2), "contamination", "--bootstrap-servers",
                    broker.bootstrapServers(), "--eval", "gsm8k,humaneval", "--remove");
            CommandRun again = CommandRun.run(work, Duration.ofMinutes(2), "contamination", "--bootstrap-servers",
                    broker.bootstrapServers(), "--fail-on-match");

            // Then the scan names both leaks, the removal deletes exactly them, and a second scan finds nothing
            assertThat(scan.exitCode()).as(scan.output()).isEqualTo(3);
            assertThat(scan.output()).contains("gsm8k         1 entries quote it")
                    .contains("humaneval     1 entries quote it").contains("quotes line 42");
            assertThat(Files.readAllLines(work.resolve("quotes.jsonl"))).anyMatch(line -> line.contains(
                    "\"eval_set\":\"humaneval\",\"item\":\"HumanEval/2\"") && line.contains("\"part\":\"output\""));
            assertThat(remove.exitCode()).as(remove.output()).isZero();
            assertThat(remove.output()).contains("removing      2 entries (human-dataset 2)")
                    .contains("removed       2 entries");
            assertThat(again.exitCode()).as(again.output()).isZero();
            assertThat(again.output()).contains("clean         no entry quotes an eval item");
            assertThat(livePool(broker, topics.pool())).containsExactly("Name three colours of the rainbow.");
        }
    }

    private static double quotes(SimpleMeterRegistry metrics, String stage, String evalSet) {
        return metrics.get("seedloop.contamination.quotes").tag("stage", stage).tag("eval_set", evalSet).counter()
                .count();
    }

    private static CandidateInstruction candidate(String id, String text) {
        return CandidateInstruction.newBuilder().setCandidateId(id).setInstructionId(InstructionId.of(text))
                .setInstruction(text).setProvenance(Provenance.newBuilder().setMethod("test").build())
                .setGeneratedAt(Instant.now()).build();
    }

    private static <T> void send(KafkaProducer<byte[], byte[]> producer, Topic<String, T> topic, String key, T value)
            throws Exception {
        producer.send(new ProducerRecord<>(topic.name(), key.getBytes(StandardCharsets.UTF_8),
                topic.valueSerde().serializer().serialize(topic.name(), value))).get();
    }

    /** The instructions of the pool's live entries, tombstones applied. */
    private static List<String> livePool(TestKafka broker, Topic<String, PoolEntry> pool) {
        Map<String, String> live = new HashMap<>();
        TopicReader.readAll(broker.bootstrapServers(), pool.name()).forEach(record -> {
            String key = new String(record.key(), StandardCharsets.UTF_8);
            if (record.value() == null) {
                live.remove(key);
            } else {
                live.put(key, pool.valueSerde().deserializer().deserialize(pool.name(), record.value())
                        .getInstruction());
            }
        });
        return List.copyOf(live.values());
    }

    private static <T> List<T> values(TestKafka broker, Topic<String, T> topic) {
        return TopicReader.readAll(broker.bootstrapServers(), topic.name()).stream()
                .filter(record -> record.value() != null)
                .map(record -> topic.valueSerde().deserializer().deserialize(topic.name(), record.value()))
                .toList();
    }

    private static String json(String text) {
        return new com.fasterxml.jackson.databind.node.TextNode(text).toString();
    }
}
