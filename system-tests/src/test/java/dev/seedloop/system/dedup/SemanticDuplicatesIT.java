package dev.seedloop.system.dedup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.seedloop.embedding.EmbeddingConfig;
import dev.seedloop.embedding.EmbeddingRecords;
import dev.seedloop.embedding.InProcessEmbedder;
import dev.seedloop.embedding.InstructionEmbedder;
import dev.seedloop.filter.FilterConfig;
import dev.seedloop.filter.dedup.RougeL;
import dev.seedloop.launcher.demo.SeedTasks;
import dev.seedloop.llm.LlmSettings;
import dev.seedloop.llm.RemoteEmbedder;
import dev.seedloop.llm.simulated.SimulatedLlmConfig;
import dev.seedloop.llm.simulated.SimulatedLlmServer;
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
import dev.seedloop.schemas.avro.InstanceSource;
import dev.seedloop.schemas.avro.PoolEntry;
import dev.seedloop.schemas.avro.Provenance;
import dev.seedloop.schemas.avro.Rejection;
import dev.seedloop.schemas.avro.RejectionStage;
import dev.seedloop.schemas.avro.Source;
import dev.seedloop.schemas.avro.SourceCoordinates;
import dev.seedloop.system.loop.LoopRun;
import dev.seedloop.testkit.SharedData;
import dev.seedloop.testkit.TestKafka;
import dev.seedloop.testkit.TopicReader;
import dev.seedloop.tools.replay.Replay;
import dev.seedloop.tools.replay.ReplayReport;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The semantic-duplicate rule on a real broker: the filter as its Main composes it, candidates and pool records
 * carrying the in-process model's vectors as the generator and ingest write them, and replays with another
 * threshold and with another model.
 */
@Timeout(240)
class SemanticDuplicatesIT {

    private static final String POEM = "Write a short autumn-themed poem.";
    private static final String REWORDED = "Compose a brief poem about autumn.";
    private static final String DIFFERENT = "List five vegetables that are harvested in autumn.";
    private static final String NO_VECTOR = "Describe the life cycle of a monarch butterfly.";
    private static final String KOREAN_POEM = "가을을 주제로 짧은 시를 써 주세요.";
    private static final String KOREAN_REWORDED = "짧은 시를 써 주세요, 가을을 주제로.";
    private static final String KOREAN_DIFFERENT = "가을에 수확하는 채소 다섯 가지를 나열하세요.";

    static {
        // Records with nested records are built here, before any serde has trusted the classes
        AvroSerde.trustRecords();
    }

    @TempDir
    Path work;

    @Test
    void aRewordedTaskIsASemanticDuplicateARelatedTaskIsNotAndReplaysWithAnotherThresholdOrModelChangeOnlyTheirTopics()
            throws Exception {
        try (StopSequence stops = new StopSequence("semantic-it");
                InstructionEmbedder embedder = new InstructionEmbedder(new InProcessEmbedder(2), 2048)) {
            TestKafka broker = stops.add("broker", TestKafka.start());
            KafkaSettings kafka = KafkaSettings.forBootstrap(broker.bootstrapServers());
            TopicRegistry topics = kafka.topics();
            KafkaClients clients = new KafkaClients(kafka);
            TopicProvisioner.provision(clients, "semantic-it");

            // Given a pool holding a human-written task with its vector
            PoolEntry poem = PoolEntry.newBuilder().setId(InstructionId.of(POEM)).setInstruction(POEM)
                    .setSource(Source.HUMAN_SEED).setProvenance(Provenance.newBuilder().build())
                    .setAddedAt(Instant.now()).build();
            EmbeddingRecords.embedInto(List.of(poem), embedder, 8);
            // And candidates: the task reworded (too different in words for ROUGE-L), a related different task, and
            // one written without a vector
            assertThat(RougeL.score(POEM, REWORDED)).isLessThan(0.7);
            List<CandidateInstruction> candidates = new ArrayList<>();
            for (String text : List.of(REWORDED, DIFFERENT, NO_VECTOR)) {
                candidates.add(CandidateInstruction.newBuilder().setCandidateId("c-" + candidates.size())
                        .setInstructionId(InstructionId.of(text)).setInstruction(text)
                        .setProvenance(Provenance.newBuilder().build()).setGeneratedAt(Instant.now()).build());
            }
            List<InstructionEmbedder.Result> vectors = embedder.embed(List.of(REWORDED, DIFFERENT));
            candidates.get(0).setEmbedding(EmbeddingRecords.of((InstructionEmbedder.Embedded) vectors.get(0)));
            candidates.get(1).setEmbedding(EmbeddingRecords.of((InstructionEmbedder.Embedded) vectors.get(1)));
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(clients.producer("semantic-it"),
                    new ByteArraySerializer(), new ByteArraySerializer())) {
                producer.send(new ProducerRecord<>(topics.pool().name(), bytes(poem.getId()),
                        topics.pool().valueSerde().serializer().serialize(topics.pool().name(), poem))).get();
                for (CandidateInstruction candidate : candidates) {
                    producer.send(new ProducerRecord<>(topics.candidates().name(), bytes(candidate.getCandidateId()),
                            topics.candidates().valueSerde().serializer().serialize(topics.candidates().name(),
                                    candidate))).get();
                }
            }
            List<ConsumerRecord<byte[], byte[]>> poolBefore = TopicReader.readAll(broker.bootstrapServers(),
                    topics.pool().name());

            // When the filter judges them with the semantic rule on
            Map<String, String> settings = new HashMap<>(Map.of("kafka.bootstrap-servers",
                    broker.bootstrapServers(), "http.port", "-1", "filter.state-dir",
                    work.resolve("filter").toString(), "filter.semantic-duplicate.enabled", "true"));
            stops.add("filter", dev.seedloop.filter.Main.start(FilterConfig.from(ConfigSource.ofValues(settings)),
                    new SimpleMeterRegistry()));
            await().atMost(Duration.ofMinutes(2)).until(() -> values(broker, topics.instructions()).size()
                    + values(broker, topics.rejections()).size() == candidates.size());

            // Then the rewording is rejected as a semantic duplicate of the pool task, with its cosine and model
            Map<String, Rejection> rejected = new HashMap<>();
            values(broker, topics.rejections()).forEach(rejection -> rejected.put(rejection.getCandidateId(),
                    rejection));
            Rejection reworded = rejected.get("c-0");
            assertThat(reworded.getReason()).isEqualTo("semantic-duplicate");
            assertThat(reworded.getDuplicateOf()).isEqualTo(poem.getId());
            assertThat(reworded.getDuplicateOfInstruction()).isEqualTo(POEM);
            assertThat(reworded.getScore()).isGreaterThanOrEqualTo(0.86).isLessThanOrEqualTo(1.0);
            assertThat(reworded.getThreshold()).isEqualTo(0.86);
            assertThat(reworded.getDetail()).contains(InProcessEmbedder.MODEL, poem.getId());
            // And the related task is accepted, with its nearest pool task by meaning and its vector
            List<AcceptedInstruction> accepted = values(broker, topics.instructions());
            assertThat(accepted).singleElement().satisfies(instruction -> {
                assertThat(instruction.getInstruction()).isEqualTo(DIFFERENT);
                assertThat(instruction.getMostSimilarByCosineId()).isEqualTo(poem.getId());
                assertThat(instruction.getMaxCosine()).isLessThan(0.86);
                assertThat(instruction.getEmbedding().getModel()).isEqualTo(InProcessEmbedder.MODEL);
            });
            // And a candidate without a vector is not let through unchecked
            assertThat(rejected.get("c-2").getReason()).isEqualTo("semantic-duplicate");
            assertThat(rejected.get("c-2").getDetail()).contains("no vector of " + InProcessEmbedder.MODEL,
                    "carries none");

            // When the candidates are replayed with a threshold of 0.99
            Map<String, String> replaySettings = Map.of("filter.semantic-duplicate.enabled", "true",
                    "filter.semantic-duplicate.threshold", "0.99");
            ByteArrayOutputStream printed = new ByteArrayOutputStream();
            ReplayReport report = new Replay(kafka, new Replay.Options("lenient", Optional.empty(), replaySettings,
                    work.resolve("replay"), false, Duration.ofMinutes(2), FilterConfig.APPLICATION_ID.defaultValue()),
                    new PrintStream(printed, true, StandardCharsets.UTF_8)).run();

            // Then the rewording is accepted there, the verdict change is reported, and the live pool is untouched
            assertThat(report.changedVerdicts()).isEqualTo(1);
            assertThat(report.live().rejectedByReason()).containsEntry("semantic-duplicate", 2L);
            assertThat(report.replay().rejectedByReason()).containsEntry("semantic-duplicate", 1L);
            List<AcceptedInstruction> replayAccepted = values(broker, topics.replay("lenient").instructions());
            assertThat(replayAccepted).extracting(AcceptedInstruction::getInstruction)
                    .containsExactlyInAnyOrder(REWORDED, DIFFERENT);
            assertThat(TopicReader.readAll(broker.bootstrapServers(), topics.pool().name()))
                    .extracting(ConsumerRecord::offset).isEqualTo(poolBefore.stream().map(ConsumerRecord::offset)
                            .toList());

            // When they are replayed with another embedding model (the simulated LLM's /v1/embeddings)
            SimulatedLlmServer llm = stops.add("simulated LLM", SimulatedLlmServer.start(SimulatedLlmConfig
                    .defaults().withLatency(Duration.ofMillis(5))));
            Map<String, String> remote = Map.of("llm.base-url", llm.baseUrl(), "llm.model", "simulated",
                    "embedding.provider", "remote", "embedding.model", "simulated-embedding");
            ConfigSource remoteSource = ConfigSource.ofValues(remote);
            Map<String, String> otherModel = new HashMap<>(remote);
            otherModel.put("filter.semantic-duplicate.enabled", "true");
            ByteArrayOutputStream printedByModel = new ByteArrayOutputStream();
            ReplayReport byModel;
            try (InstructionEmbedder other = InstructionEmbedder.open(EmbeddingConfig.from(remoteSource),
                    config -> RemoteEmbedder.standalone("test", LlmSettings.from(remoteSource, 0.0, 16), config,
                            new SimpleMeterRegistry())).orElseThrow()) {
                byModel = new Replay(kafka, new Replay.Options("other-model", Optional.empty(), otherModel,
                        work.resolve("replay-model"), false, Duration.ofMinutes(2),
                        FilterConfig.APPLICATION_ID.defaultValue()), new PrintStream(printedByModel, true,
                        StandardCharsets.UTF_8), other).run();
            }

            // Then the copies of the pool task and of every candidate were embedded with it and judged with it: the
            // candidate written without a vector now has one and is judged by meaning like the others
            String model = "remote:simulated-embedding";
            assertThat(printedByModel.toString(StandardCharsets.UTF_8)).contains(
                    "Vectors 1 pool entries embedded with " + model, "Vectors 3 candidates embedded with " + model);
            List<AcceptedInstruction> byModelAccepted = values(broker, topics.replay("other-model").instructions());
            assertThat(byModelAccepted).extracting(AcceptedInstruction::getInstruction).contains(NO_VECTOR);
            assertThat(byModelAccepted).allSatisfy(instruction -> {
                assertThat(instruction.getEmbedding().getModel()).isEqualTo(model);
                assertThat(instruction.getMostSimilarByCosineId()).isNotNull();
            });
            assertThat(values(broker, topics.replay("other-model").rejections())).allSatisfy(rejection -> {
                assertThat(rejection.getReason()).isEqualTo("semantic-duplicate");
                assertThat(rejection.getDetail()).contains(model).doesNotContain("no vector");
            });
            assertThat(byModel.changedVerdicts()).isGreaterThanOrEqualTo(1);
            // And the live pool and its vectors are as they were
            List<ConsumerRecord<byte[], byte[]>> poolAfter = TopicReader.readAll(broker.bootstrapServers(),
                    topics.pool().name());
            assertThat(poolAfter).extracting(ConsumerRecord::offset).isEqualTo(poolBefore.stream()
                    .map(ConsumerRecord::offset).toList());
            assertThat(topics.pool().valueSerde().deserializer().deserialize(topics.pool().name(),
                    poolAfter.get(0).value()).getEmbedding().getModel()).isEqualTo(InProcessEmbedder.MODEL);
        }
    }

    @Test
    void aKoreanPoolIsDeduplicatedByMeaningWithARemoteEmbeddingsEndpoint() throws Exception {
        try (StopSequence stops = new StopSequence("semantic-ko-it")) {
            TestKafka broker = stops.add("broker", TestKafka.start());
            SimulatedLlmServer llm = stops.add("simulated LLM", SimulatedLlmServer.start(SimulatedLlmConfig.defaults()
                    .withLatency(Duration.ofMillis(5))));
            // Given a Korean pool, embedded (as ingest would) by the simulated LLM's /v1/embeddings
            Map<String, String> remote = Map.of("llm.base-url", llm.baseUrl(), "llm.model", "simulated",
                    "embedding.provider", "remote", "embedding.model", "simulated-embedding");
            List<PoolEntry> korean = new ArrayList<>();
            List<String> texts = new ArrayList<>(List.of(KOREAN_POEM));
            SharedData.jsonLines("ko_user_oriented_instructions_deepl.jsonl").forEach(task ->
                    texts.add(task.path("instruction").asText()));
            for (String instruction : texts) {
                korean.add(PoolEntry.newBuilder().setId(InstructionId.of(instruction)).setInstruction(instruction)
                        .setSource(Source.HUMAN_DATASET).setProvenance(Provenance.newBuilder().build())
                        .setAddedAt(Instant.EPOCH).build());
            }
            ConfigSource embedding = ConfigSource.ofValues(remote);
            try (InstructionEmbedder embedder = InstructionEmbedder.open(EmbeddingConfig.from(embedding),
                    config -> RemoteEmbedder.standalone("test", LlmSettings.from(embedding, 0.0, 16), config,
                            new SimpleMeterRegistry())).orElseThrow()) {
                assertThat(EmbeddingRecords.embedInto(korean, embedder, 32)).isEqualTo(korean.size());

                // When the loop runs in Korean with the semantic rule on, the generator embedding through the same
                // endpoint
                Map<String, String> filter = new HashMap<>(remote);
                filter.keySet().removeIf(key -> key.startsWith("llm."));
                filter.put("filter.semantic-duplicate.enabled", "true");
                filter.put("filter.semantic-duplicate.threshold", "0.8");
                Map<String, String> generator = new HashMap<>(remote);
                generator.put("generator.max-requests", "8");
                generator.put("generator.seed", "5");
                try (LoopRun run = LoopRun.prepare(broker.bootstrapServers(), "ko", work, korean)
                        .startFilterAndSink(filter)
                        .startResponder(Map.of("llm.base-url", llm.baseUrl(), "llm.model", "simulated"))
                        .startGenerator(generator)) {
                    run.awaitDrained(Duration.ofMinutes(2));
                    // and then a pool task reworded (its words in another order: ROUGE-L 0.67) and a different task
                    // on the same topic are proposed, embedded by the same endpoint
                    List<CandidateInstruction> probes = new ArrayList<>();
                    for (String text : List.of(KOREAN_REWORDED, KOREAN_DIFFERENT)) {
                        InstructionEmbedder.Embedded vector = (InstructionEmbedder.Embedded) embedder.embed(
                                List.of(text)).get(0);
                        probes.add(CandidateInstruction.newBuilder().setCandidateId("ko-probe-" + probes.size())
                                .setInstructionId(InstructionId.of(text)).setInstruction(text)
                                .setProvenance(Provenance.newBuilder().build()).setGeneratedAt(Instant.now())
                                .setEmbedding(EmbeddingRecords.of(vector)).build());
                    }
                    send(run, run.topics().candidates(), probes, CandidateInstruction::getCandidateId);
                    await().atMost(Duration.ofMinutes(1)).until(() -> run.progress().drained()
                            && run.accepted().size() + run.rejections().stream().filter(rejection ->
                                    rejection.getStage() == RejectionStage.INSTRUCTION).count()
                            == run.candidates().size());

                    // Then every candidate carries the remote model's vector and was judged with it
                    assertThat(run.candidates()).hasSizeGreaterThan(2).allSatisfy(candidate -> assertThat(candidate
                            .getEmbedding().getModel()).isEqualTo("remote:simulated-embedding"));
                    assertThat(run.accepted()).hasSizeGreaterThan(1).allSatisfy(accepted -> assertThat(accepted
                            .getMaxCosine()).isLessThan(0.8));
                    // And the Korean rewording is rejected by meaning, naming the pool task; the different task joins
                    Rejection reworded = run.rejections().stream().filter(rejection -> "ko-probe-0".equals(
                            rejection.getCandidateId())).findFirst().orElseThrow();
                    assertThat(RougeL.score(KOREAN_POEM, KOREAN_REWORDED)).isLessThanOrEqualTo(0.7);
                    assertThat(reworded.getReason()).isEqualTo("semantic-duplicate");
                    assertThat(reworded.getDuplicateOf()).isEqualTo(InstructionId.of(KOREAN_POEM));
                    assertThat(reworded.getDetail()).contains("remote:simulated-embedding");
                    assertThat(run.accepted()).extracting(AcceptedInstruction::getInstruction)
                            .contains(KOREAN_DIFFERENT);
                    // And whatever else the rule rejected in the loop names a pool task above the threshold
                    assertThat(run.rejections()).filteredOn(rejection -> rejection.getReason()
                            .equals("semantic-duplicate")).allSatisfy(rejection -> {
                                assertThat(rejection.getScore()).isGreaterThanOrEqualTo(0.8);
                                assertThat(rejection.getDuplicateOf()).isNotNull();
                            });
                    run.assertOneOutcomePerAcceptedInstruction();
                }
            }
        }
    }

    @Test
    void theGreyZoneIsConfirmedByTheModelAndWhatItJudgesTheSameTaskIsRejected() throws Exception {
        try (StopSequence stops = new StopSequence("semantic-grey-it")) {
            TestKafka broker = stops.add("broker", TestKafka.start());
            SimulatedLlmServer llm = stops.add("simulated LLM", SimulatedLlmServer.start(SimulatedLlmConfig.defaults()
                    .withLatency(Duration.ofMillis(5))));
            // Given a responder that asks the model about accepted instructions from cosine 0.8 on
            try (LoopRun run = LoopRun.prepare(broker.bootstrapServers(), "grey", work, List.of())
                    .startResponder(Map.of("llm.base-url", llm.baseUrl(), "llm.model", "simulated",
                            "responder.confirm-duplicates-from", "0.8"))) {
                // When three instructions arrive: one in the grey zone that the model judges the same task as its
                // nearest pool instruction, one in the grey zone it judges different, one below the zone
                List<AcceptedInstruction> instructions = List.of(
                        accepted("grey-same", "Please write a short autumn-themed poem!", 0.84, POEM),
                        accepted("grey-different", "Write a short autumn-themed essay.", 0.85, POEM),
                        accepted("below", "List five vegetables that are harvested in autumn.", 0.62, POEM));
                send(run, run.topics().instructions(), instructions, AcceptedInstruction::getInstructionId);
                await().atMost(Duration.ofMinutes(1)).until(() -> run.responses().size()
                        + run.rejections().size() == instructions.size());

                // Then the one the model judged the same task is rejected as a semantic duplicate, naming the entry
                assertThat(run.rejections()).singleElement().satisfies(rejection -> {
                    assertThat(rejection.getStage()).isEqualTo(RejectionStage.RESPONDER);
                    assertThat(rejection.getReason()).isEqualTo("semantic-duplicate");
                    assertThat(rejection.getCandidateId()).isEqualTo("grey-same");
                    assertThat(rejection.getDuplicateOf()).isEqualTo(InstructionId.of(POEM));
                    assertThat(rejection.getScore()).isEqualTo(0.84);
                    assertThat(rejection.getConfigVersion()).isEqualTo("same-task-v1");
                });
                // And the others are answered, the call counted among the responder's LLM calls
                assertThat(run.responses()).extracting(Example::getCandidateId)
                        .containsExactlyInAnyOrder("grey-different", "below");
                assertThat(run.registry().get("seedloop.responder.duplicate.checks").tag("verdict", "same-task")
                        .counter().count()).isEqualTo(1.0);
                assertThat(run.registry().get("seedloop.responder.duplicate.checks").tag("verdict",
                        "different-task").counter().count()).isEqualTo(1.0);
            }
        }
    }

    @Test
    void anEmbeddingsEndpointThatRefusesLeavesCandidatesWithoutVectorsWhichTheRuleRejectsSayingSo() throws Exception {
        try (StopSequence stops = new StopSequence("semantic-refused-it")) {
            TestKafka broker = stops.add("broker", TestKafka.start());
            // Given an endpoint that serves the chat model but not the embedding model the loop is configured with
            SimulatedLlmServer llm = stops.add("simulated LLM", SimulatedLlmServer.start(SimulatedLlmConfig.defaults()
                    .withLatency(Duration.ofMillis(5)).withModels(List.of("simulated"))));
            Map<String, String> embedding = Map.of("embedding.provider", "remote", "embedding.model", "missing");
            Map<String, String> generator = new HashMap<>(embedding);
            generator.putAll(Map.of("llm.base-url", llm.baseUrl(), "llm.model", "simulated",
                    "generator.max-requests", "3", "generator.seed", "5"));
            try (LoopRun run = LoopRun.prepare(broker.bootstrapServers(), "refused", work, SeedTasks.bundled())
                    .startFilterAndSink(embedding)
                    .startResponder(Map.of("llm.base-url", llm.baseUrl(), "llm.model", "simulated"))
                    .startGenerator(generator)) {
                run.awaitDrained(Duration.ofMinutes(2));

                // Then the generator wrote its candidates without vectors and counted the failures, and the filter
                // let none of them through unchecked: each is rejected by a rule, the semantic one saying why
                assertThat(run.candidates()).isNotEmpty().allSatisfy(candidate -> assertThat(candidate.getEmbedding())
                        .isNull());
                assertThat(run.registry().get("seedloop.embedding.texts").tag("outcome", "failed").counter()
                        .count()).isEqualTo(run.candidates().size());
                assertThat(run.accepted()).isEmpty();
                assertThat(run.rejections()).filteredOn(rejection -> rejection.getReason().equals("semantic-duplicate"))
                        .isNotEmpty().allSatisfy(rejection -> assertThat(rejection.getDetail())
                                .contains("no vector of remote:missing", "carries none"));
            }
        }
    }

    private static AcceptedInstruction accepted(String id, String text, double cosine, String nearest) {
        return AcceptedInstruction.newBuilder().setInstructionId(InstructionId.of(text)).setCandidateId(id)
                .setInstruction(text).setProvenance(Provenance.newBuilder().setMethod("evol-instruct")
                        .setInstanceSource(InstanceSource.DIRECT_ANSWER).build())
                .setConfigVersion("test").setSource(new SourceCoordinates("test", 0, 0L))
                .setAcceptedAt(Instant.now()).setMaxCosine(cosine).setMostSimilarByCosineId(InstructionId.of(nearest))
                .setMostSimilarByCosineInstruction(nearest).build();
    }

    private static <T> void send(LoopRun run, Topic<String, T> topic, List<T> records, Function<T, String> key)
            throws Exception {
        KafkaClients clients = new KafkaClients(KafkaSettings.from(ConfigSource.ofValues(run.settings(Map.of()))));
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(clients.producer("probes"),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (T record : records) {
                producer.send(new ProducerRecord<>(topic.name(), bytes(key.apply(record)),
                        topic.valueSerde().serializer().serialize(topic.name(), record))).get();
            }
        }
    }

    private static <T> List<T> values(TestKafka broker, Topic<String, T> topic) {
        return TopicReader.readAll(broker.bootstrapServers(), topic.name()).stream()
                .filter(record -> record.value() != null)
                .map(record -> topic.valueSerde().deserializer().deserialize(topic.name(), record.value()))
                .toList();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
