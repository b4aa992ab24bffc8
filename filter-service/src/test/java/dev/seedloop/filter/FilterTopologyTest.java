package dev.seedloop.filter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seedloop.runtime.config.ConfigSource;
import dev.seedloop.runtime.config.KafkaSettings;
import dev.seedloop.runtime.kafka.KafkaClients;
import dev.seedloop.schemas.InstructionId;
import dev.seedloop.schemas.TopicRegistry;
import dev.seedloop.schemas.avro.AcceptedInstruction;
import dev.seedloop.schemas.avro.CandidateInstruction;
import dev.seedloop.schemas.avro.DeadLetter;
import dev.seedloop.schemas.avro.Example;
import dev.seedloop.schemas.avro.Instance;
import dev.seedloop.schemas.avro.PoolEntry;
import dev.seedloop.schemas.avro.Provenance;
import dev.seedloop.schemas.avro.Rejection;
import dev.seedloop.schemas.avro.RejectionStage;
import dev.seedloop.schemas.avro.Source;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilterTopologyTest {

    /** Scores above this are reported exactly (below the threshold, so that accepted scores show). */
    /** Accepted instructions report their exact highest ROUGE-L above this. */
    private static final String SCORE_FLOOR = "0.5";

    private final TopicRegistry topics = TopicRegistry.standard();

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;
    private TestInputTopic<String, CandidateInstruction> candidates;
    private TestInputTopic<String, PoolEntry> pool;
    private TestInputTopic<String, Example> responses;
    private TestInputTopic<byte[], byte[]> rawCandidates;
    private TestOutputTopic<String, AcceptedInstruction> accepted;
    private TestOutputTopic<String, Example> examples;
    private TestOutputTopic<String, Rejection> rejections;
    private TestOutputTopic<String, DeadLetter> deadLetters;
    private int candidateCount;

    @BeforeEach
    void startDriver() {
        start(rules(Map.of()));
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    private void start(FilterRules rules) {
        Properties properties = new KafkaClients(KafkaSettings.forBootstrap("unused:9092"))
                .streams("filter-test", stateDir, "filter-service");
        driver = new TopologyTestDriver(FilterTopology.build(rules, topics, new SimpleMeterRegistry()), properties);
        candidates = driver.createInputTopic(topics.candidates().name(), Serdes.String().serializer(),
                topics.candidates().valueSerde().serializer());
        rawCandidates = driver.createInputTopic(topics.candidates().name(), Serdes.ByteArray().serializer(),
                Serdes.ByteArray().serializer());
        pool = driver.createInputTopic(topics.pool().name(), Serdes.String().serializer(),
                topics.pool().valueSerde().serializer());
        responses = driver.createInputTopic(topics.responses().name(), Serdes.String().serializer(),
                topics.responses().valueSerde().serializer());
        accepted = driver.createOutputTopic(topics.instructions().name(), Serdes.String().deserializer(),
                topics.instructions().valueSerde().deserializer());
        examples = driver.createOutputTopic(topics.examples().name(), Serdes.String().deserializer(),
                topics.examples().valueSerde().deserializer());
        rejections = driver.createOutputTopic(topics.rejections().name(), Serdes.String().deserializer(),
                topics.rejections().valueSerde().deserializer());
        deadLetters = driver.createOutputTopic(topics.deadLetters().name(), Serdes.String().deserializer(),
                topics.deadLetters().valueSerde().deserializer());
    }

    @Test
    void acceptsANewInstructionAndRecordsWhereItCameFrom() {
        // When
        CandidateInstruction candidate = submit("Summarise a novel in three sentences.");

        // Then
        AcceptedInstruction result = accepted.readValue();
        assertThat(result.getCandidateId()).isEqualTo(candidate.getCandidateId());
        assertThat(result.getInstructionId()).isEqualTo(InstructionId.of(candidate.getInstruction()));
        assertThat(result.getSource().getTopic()).isEqualTo(topics.candidates().name());
        assertThat(result.getSource().getOffset()).isZero();
        assertThat(result.getProvenance().getModel()).isEqualTo("test-model");
        assertThat(result.getMaxRougeL()).as("nothing in the pool is above the score floor").isNull();
        assertThat(rejections.isEmpty()).isTrue();
    }

    @Test
    void anAcceptedInstructionCarriesTheInstancesItCameWith() {
        // Given a candidate written with its instance, as Alpaca's batch method does
        CandidateInstruction candidate = CandidateInstruction.newBuilder()
                .setCandidateId("batch-0")
                .setInstructionId(InstructionId.of("Name three primary colours."))
                .setInstruction("Name three primary colours.")
                .setInstances(List.of(new Instance("", "Red, yellow and blue.")))
                .setProvenance(Provenance.newBuilder().setModel("test-model").setMethod("alpaca").build())
                .setGeneratedAt(Instant.EPOCH)
                .build();

        // When
        candidates.pipeInput(candidate.getCandidateId(), candidate);

        // Then the responder can pass them on without asking the model
        assertThat(accepted.readValue().getInstances()).containsExactly(new Instance("", "Red, yellow and blue."));
    }

    @Test
    void wordCountRejectsThreeWordsAndMoreThan150AndAcceptsFour() {
        submit("Translate this sentence.");
        submit("Translate this sentence please.");
        submit("word ".repeat(151).strip());

        assertThat(rejections.readValuesToList()).extracting(Rejection::getReason, Rejection::getScore)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("word-count", 3.0),
                        org.assertj.core.groups.Tuple.tuple("word-count", 151.0));
        assertThat(accepted.readValuesToList()).extracting(AcceptedInstruction::getInstruction)
                .containsExactly("Translate this sentence please.");
    }

    @Test
    void keywordBlacklistMatchesWholeWordsOnly() {
        submit("Draw a picture of your favourite animal.");
        submit("Describe the map of the London underground.");
        submit("Explain how a mapping between two sets works.");

        assertThat(rejections.readValuesToList()).extracting(Rejection::getReason, Rejection::getDetail)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("keyword-blacklist", "mentions 'Draw'"),
                        org.assertj.core.groups.Tuple.tuple("keyword-blacklist", "mentions 'map'"));
        assertThat(accepted.readValuesToList()).hasSize(1);
    }

    @Test
    void writeAProgramAndPunctuationFirstAreRejected() {
        submit("Write a program that sorts a list of numbers.");
        submit("- Give three tips for staying healthy today.");

        assertThat(rejections.readValuesToList()).extracting(Rejection::getReason)
                .containsExactly("write-a-program", "punctuation-start");
    }

    @Test
    void theDefaultRulesAcceptNonEnglishInstructions() {
        submit("주어진 문장을 더 간결하고 명확하게 다시 써 주세요.");
        submit("Écrivez un court poème sur la mer.");

        assertThat(accepted.readValuesToList()).hasSize(2);
    }

    @Test
    void maxLengthRejectsOversizedInstructions() {
        submit("Explain " + "very ".repeat(500) + "carefully.");

        Rejection rejection = rejections.readValue();
        assertThat(rejection.getReason()).isEqualTo("max-length");
        assertThat(rejection.getThreshold()).isEqualTo(2000.0);
    }

    @Test
    void anExactDuplicateOfAPoolEntryIsRejectedWithItsId() {
        // Given a seed in the pool
        PoolEntry seed = seed("Give three tips for staying healthy.");
        pool.pipeInput(seed.getId(), seed);

        // When the same text arrives with other case and spacing
        submit("give three  tips for staying HEALTHY.");

        // Then
        Rejection rejection = rejections.readValue();
        assertThat(rejection.getReason()).isEqualTo("exact-duplicate");
        assertThat(rejection.getDuplicateOf()).isEqualTo(seed.getId());
        assertThat(rejection.getDuplicateOfInstruction()).isEqualTo(seed.getInstruction());
        assertThat(rejection.getStage()).isEqualTo(RejectionStage.INSTRUCTION);
    }

    @Test
    void nearDuplicateIsStrictlyAboveThresholdWithRougeScoresOperationOrder() {
        // Given a ten-token seed
        PoolEntry seed = seed("alpha bravo charlie delta echo foxtrot golf hotel india juliet");
        pool.pipeInput(seed.getId(), seed);

        // When: 10 tokens with LCS 7 is exactly 0.7 (kept); 11 tokens against 9... is 0.7000000000000001
        submit("alpha bravo charlie delta echo foxtrot golf xray yankee zulu");
        PoolEntry shortSeed = seed("kilo lima mike november oscar papa quebec romeo sierra");
        pool.pipeInput(shortSeed.getId(), shortSeed);
        submit("kilo lima mike november oscar papa quebec one two three four");

        // Then
        assertThat(accepted.readValuesToList()).extracting(AcceptedInstruction::getMaxRougeL).containsExactly(0.7);
        Rejection rejection = rejections.readValue();
        assertThat(rejection.getReason()).isEqualTo("near-duplicate");
        assertThat(rejection.getScore()).isEqualTo(0.7000000000000001);
        assertThat(rejection.getThreshold()).isEqualTo(0.7);
        assertThat(rejection.getDuplicateOf()).isEqualTo(shortSeed.getId());
    }

    @Test
    void anAcceptedCandidateJoinsThePoolAndARejectedOneDoesNot() {
        // Given a candidate rejected by a text rule, then one accepted
        submit("Describe the image of a sunset over the ocean waves.");
        submit("Explain how tides are caused by the moon.");

        // When a near-duplicate of each arrives
        submit("Explain how the tides are caused by the moon.");
        submit("Describe the photo of a sunset over the ocean waves.");

        // Then only the near-duplicate of the accepted one is rejected
        List<Rejection> rejected = rejections.readValuesToList();
        assertThat(rejected).extracting(Rejection::getReason)
                .containsExactly("keyword-blacklist", "near-duplicate");
        assertThat(rejected.get(1).getDuplicateOfInstruction()).isEqualTo("Explain how tides are caused by the moon.");
        assertThat(accepted.readValuesToList()).extracting(AcceptedInstruction::getInstruction)
                .containsExactly("Explain how tides are caused by the moon.",
                        "Describe the photo of a sunset over the ocean waves.");
    }

    @Test
    void everyCandidateGetsExactlyOneVerdict() {
        List<String> texts = List.of("Give three tips for staying healthy.", "Give three tips for staying healthy!",
                "Write a program to add numbers.", "Hi there.", "List five fruits that are red in colour.",
                "List five fruits that are yellow in colour.", "Name a famous scientist and describe her work.");
        texts.forEach(this::submit);

        List<String> verdicts = new java.util.ArrayList<>();
        accepted.readValuesToList().forEach(a -> verdicts.add(a.getCandidateId()));
        rejections.readValuesToList().forEach(r -> verdicts.add(r.getCandidateId()));
        assertThat(verdicts).hasSize(texts.size()).doesNotHaveDuplicates();
    }

    @Test
    void unreadableBytesDoNotStopTheFilter() {
        // Given garbage on the candidates topic, then a good candidate. (The dead letter itself is written by
        // the Streams runtime, which the test driver does not emulate for deserialization errors: the
        // handler is tested on its own, and end to end on a real broker.)
        rawCandidates.pipeInput("k".getBytes(StandardCharsets.UTF_8),
                "definitely not avro".getBytes(StandardCharsets.UTF_8));
        submit("Summarise the main causes of the French revolution.");

        // Then
        assertThat(accepted.readValue().getSource().getOffset()).isEqualTo(1);
    }

    @Test
    void aCandidateWithoutAValueIsDeadLettered() {
        rawCandidates.pipeInput("k".getBytes(StandardCharsets.UTF_8), (byte[]) null);
        submit("Summarise the main causes of the French revolution.");

        assertThat(deadLetters.readValue().getErrorMessage()).contains("has no value");
        assertThat(accepted.readValuesToList()).hasSize(1);
    }

    @Test
    void instanceRulesDropBadInstancesAndRejectAnExampleWithNoneLeft() {
        // Given one example with a good and two bad instances, one with only bad ones, one with none
        responses.pipeInput("i1", example("i1", List.of(new Instance("2 + 2", "4"), new Instance("same", "same"),
                new Instance("", "The answer is:"))));
        responses.pipeInput("i2", example("i2", List.of(new Instance("x", ""))));
        responses.pipeInput("i3", example("i3", List.of()));

        // Then
        List<Example> kept = examples.readValuesToList();
        assertThat(kept).hasSize(1);
        assertThat(kept.get(0).getInstances()).containsExactly(new Instance("2 + 2", "4"));
        assertThat(rejections.readValuesToList()).extracting(Rejection::getInstructionId, Rejection::getReason)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("i1", "output-equals-input"),
                        org.assertj.core.groups.Tuple.tuple("i1", "ends-with-colon"),
                        org.assertj.core.groups.Tuple.tuple("i2", "empty-output"),
                        org.assertj.core.groups.Tuple.tuple("i3", "no-instances"));
    }

    @Test
    void selfInstructsResponseRulesEachDropWithTheirReason() {
        // Given: a cut-off answer, repeated instances, more than five, and the same input with two outputs
        responses.pipeInput("t", Example.newBuilder(example("t", List.of(new Instance("a", "1"),
                new Instance("b", "2"), new Instance("c", "unfinis")))).setTruncated(true).build());
        responses.pipeInput("d", example("d", List.of(new Instance("a", "1"), new Instance("a", "1"),
                new Instance("", "x"), new Instance("", "y"), new Instance("b", "2"), new Instance("c", "3"),
                new Instance("e", "5"))));
        responses.pipeInput("c", example("c", List.of(new Instance("same input", "Positive"),
                new Instance("same input", "Negative"))));

        // Then
        assertThat(examples.readValuesToList()).extracting(Example::getInstructionId, e -> e.getInstances().size())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("t", 2), org.assertj.core.groups.Tuple.tuple("d", 5));
        List<Rejection> dropped = rejections.readValuesToList();
        assertThat(dropped).extracting(Rejection::getInstructionId, Rejection::getReason).containsExactly(
                org.assertj.core.groups.Tuple.tuple("t", "truncated"),
                org.assertj.core.groups.Tuple.tuple("d", "duplicate-instance"),
                org.assertj.core.groups.Tuple.tuple("d", "max-instances"),
                org.assertj.core.groups.Tuple.tuple("c", "conflicting-outputs"));
        assertThat(dropped.get(0).getInstances()).containsExactly(new Instance("c", "unfinis"));
        assertThat(dropped.get(3).getInstances()).hasSize(2);
    }

    @Test
    void evolInstructsResponseRulesJudgeOnlyEvolvedInstructions() {
        Provenance evolved = Provenance.newBuilder().setMethod("evol-instruct").build();
        responses.pipeInput("s", Example.newBuilder(example("s", List.of(new Instance("", "I'm sorry, but I cannot "
                + "help with that.")))).setProvenance(evolved).build());
        responses.pipeInput("w", Example.newBuilder(example("w", List.of(new Instance("", "It is what it is, and so on."))))
                .setProvenance(evolved).build());
        responses.pipeInput("long", Example.newBuilder(example("long", List.of(new Instance("", "Sorry for the wait. "
                + "word ".repeat(90))))).setProvenance(evolved).build());
        responses.pipeInput("si", example("si", List.of(new Instance("Is it raining?", "No"))));

        assertThat(examples.readValuesToList()).extracting(Example::getInstructionId).containsExactly("long", "si");
        assertThat(rejections.readValuesToList()).extracting(Rejection::getReason)
                .containsExactly("apologetic-response", "stopwords-only");
    }

    @Test
    void theQualityThresholdRejectsLowRatedExamplesWithTheScore() {
        driver.close();
        start(rules(Map.of("filter.low-quality.enabled", "true", "filter.low-quality.min-score", "4.5")));

        responses.pipeInput("low", Example.newBuilder(example("low", List.of(new Instance("", "Paris."))))
                .setQualityScore(3.0).setQualityReason("misses the question").build());
        responses.pipeInput("high", Example.newBuilder(example("high", List.of(new Instance("", "Paris."))))
                .setQualityScore(4.5).build());
        responses.pipeInput("unrated", example("unrated", List.of(new Instance("", "Paris."))));

        assertThat(examples.readValuesToList()).extracting(Example::getInstructionId).containsExactly("high", "unrated");
        Rejection low = rejections.readValue();
        assertThat(low.getReason()).isEqualTo("low-quality");
        assertThat(low.getScore()).isEqualTo(3.0);
        assertThat(low.getThreshold()).isEqualTo(4.5);
        assertThat(low.getDetail()).contains("misses the question");
    }

    @Test
    void everyVerdictRecordsTheConfigVersionAndAChangedRuleChangesIt() {
        FilterRules defaults = rules(Map.of());
        FilterRules stricter = rules(Map.of("filter.near-duplicate.threshold", "0.6"));

        submit("Hi.");

        assertThat(rejections.readValue().getConfigVersion()).isEqualTo(defaults.version());
        assertThat(stricter.version()).isNotEqualTo(defaults.version()).startsWith("rules-");
    }

    @Test
    void aSwitchedOffRuleDoesNotFire() {
        driver.close();
        start(rules(Map.of("filter.keyword-blacklist.enabled", "false", "filter.near-duplicate.enabled", "false")));

        submit("Draw a picture of your favourite animal.");
        submit("Draw a picture of your favourite animals.");

        assertThat(accepted.readValuesToList()).hasSize(2);
    }

    /** The rules of {@code values}, with the score floor of these tests where the near-duplicate rule is on. */
    private static FilterRules rules(Map<String, String> values) {
        Map<String, String> all = new HashMap<>(values);
        if (!"false".equals(values.get("filter.near-duplicate.enabled"))) {
            all.putIfAbsent("filter.near-duplicate.score-floor", SCORE_FLOOR);
        }
        // These candidates carry no vectors: the semantic rule has its own tests (SemanticDuplicateRuleTest,
        // InstructionJudgeRestartTest, SemanticDuplicatesIT)
        all.putIfAbsent("filter.semantic-duplicate.enabled", "false");
        return FilterRules.from(ConfigSource.ofValues(all));
    }

    private CandidateInstruction submit(String instruction) {
        String candidateId = "req-" + (candidateCount++);
        CandidateInstruction candidate = CandidateInstruction.newBuilder()
                .setCandidateId(candidateId)
                .setInstructionId(InstructionId.of(instruction))
                .setInstruction(instruction)
                .setProvenance(Provenance.newBuilder().setModel("test-model").setMethod("self-instruct").build())
                .setGeneratedAt(Instant.EPOCH)
                .build();
        candidates.pipeInput(candidateId, candidate);
        return candidate;
    }

    private static PoolEntry seed(String instruction) {
        return PoolEntry.newBuilder()
                .setId(InstructionId.of(instruction))
                .setInstruction(instruction)
                .setSource(Source.HUMAN_SEED)
                .setProvenance(Provenance.newBuilder().build())
                .setAddedAt(Instant.EPOCH)
                .build();
    }

    private static Example example(String id, List<Instance> instances) {
        return Example.newBuilder().setInstructionId(id).setCandidateId("c-" + id).setInstruction("Do " + id)
                .setInstances(instances).setProvenance(Provenance.newBuilder().build()).setRespondedAt(Instant.EPOCH).build();
    }
}
