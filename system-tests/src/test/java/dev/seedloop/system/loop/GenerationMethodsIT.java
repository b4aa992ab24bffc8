package dev.seedloop.system.loop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.seedloop.launcher.demo.SeedTasks;
import dev.seedloop.llm.simulated.SimulatedLlmConfig;
import dev.seedloop.llm.simulated.SimulatedLlmServer;
import dev.seedloop.runtime.config.ConfigSource;
import dev.seedloop.runtime.lifecycle.StopSequence;
import dev.seedloop.schemas.InstructionId;
import dev.seedloop.schemas.avro.CandidateInstruction;
import dev.seedloop.schemas.avro.Example;
import dev.seedloop.schemas.avro.Instance;
import dev.seedloop.schemas.avro.InstanceSource;
import dev.seedloop.schemas.avro.PoolEntry;
import dev.seedloop.schemas.avro.Provenance;
import dev.seedloop.schemas.avro.Rejection;
import dev.seedloop.schemas.avro.RejectionStage;
import dev.seedloop.schemas.avro.Source;
import dev.seedloop.testkit.SharedData;
import dev.seedloop.testkit.TestKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each generation method end to end on one embedded broker and the simulated LLM: generator, filter, output
 * stage and sink, each loop under its own topic prefix. The simulator writes a share of flawed answers, so every
 * method's elimination and instance rules fire and leave their rejections.
 */
@Timeout(600)
class GenerationMethodsIT {

    @TempDir
    static Path stateDir;

    private static final StopSequence STOPS = new StopSequence("methods-it");
    private static TestKafka broker;
    private static SimulatedLlmServer llm;

    @BeforeAll
    static void start() {
        broker = STOPS.add("broker", TestKafka.start());
        llm = STOPS.add("simulated LLM", SimulatedLlmServer.start(SimulatedLlmConfig.defaults()
                .withLatency(Duration.ofMillis(5))));
    }

    @AfterAll
    static void stop() {
        STOPS.close();
    }

    @Test
    void selfInstructClassifiesEveryInstructionAndWritesClassificationTasksOutputFirst() {
        try (LoopRun run = loop("si", SeedTasks.bundled(), Map.of("generator.method", "self-instruct"), 40,
                Map.of(), Map.of())) {
            assertThat(run.candidates()).isNotEmpty().allSatisfy(candidate -> {
                assertThat(candidate.getProvenance().getMethod()).isEqualTo("self-instruct");
                assertThat(candidate.getProvenance().getPromptVersion()).isEqualTo("self-instruct-v1");
                assertThat(candidate.getProvenance().getDemoIds()).hasSize(8);
                assertThat(candidate.getProvenance().getLanguage()).isEqualTo("en");
            });
            List<Example> responses = run.responses();
            assertThat(responses).allSatisfy(e -> assertThat(e.getIsClassification()).isNotNull());
            List<Example> classification = responses.stream().filter(Example::getIsClassification).toList();
            assertThat(classification).isNotEmpty().allSatisfy(e -> assertThat(e.getInstances())
                    .allSatisfy(i -> assertThat(i.getOutput()).doesNotContain("Class label")));
            assertThat(responses).filteredOn(e -> !e.getIsClassification()).isNotEmpty();
            assertThat(run.poolRecords()).filteredOn(e -> e.getSource() == Source.MACHINE).isNotEmpty()
                    .allSatisfy(e -> assertThat(e.getIsClassification()).isNotNull());
            // Which instance rules fire depends on which flawed answers the simulator drew for these requests; each
            // rule has its own test in FilterTopologyTest
            assertThat(reasons(run, RejectionStage.RESPONSE)).contains("truncated").containsAnyOf(
                    "duplicate-instance", "conflicting-outputs", "output-equals-input", "empty-output");
            run.assertOneOutcomePerAcceptedInstruction();
        }
    }

    @Test
    void theClassificationVariantShowsOnlyClassificationSeeds() {
        List<PoolEntry> seeds = SeedTasks.bundled();
        Set<String> classificationSeeds = seeds.stream().filter(e -> Boolean.TRUE.equals(e.getIsClassification()))
                .map(PoolEntry::getId).collect(Collectors.toSet());
        try (LoopRun run = loop("sic", seeds, Map.of("generator.method", "self-instruct-classification",
                "generator.machine-demonstrations", "0"), 10, Map.of(), Map.of())) {
            assertThat(run.candidates()).isNotEmpty().allSatisfy(candidate -> {
                assertThat(candidate.getProvenance().getMethod()).isEqualTo("self-instruct-classification");
                assertThat(candidate.getProvenance().getDemoIds()).hasSize(8);
                assertThat(classificationSeeds).containsAll(candidate.getProvenance().getDemoIds());
            });
            assertThat(run.responses()).filteredOn(Example::getIsClassification).isNotEmpty();
            run.assertOneOutcomePerAcceptedInstruction();
        }
    }

    @Test
    void alpacaWritesTwentyTasksPerAnswerWithTheirInstancesFromThreeSeeds() {
        try (LoopRun run = loop("alp", SeedTasks.bundled(), Map.of("generator.method", "alpaca"), 10, Map.of(),
                Map.of())) {
            List<CandidateInstruction> candidates = run.candidates();
            assertThat(candidates).hasSizeGreaterThan(30).allSatisfy(candidate -> {
                assertThat(candidate.getProvenance().getMethod()).isEqualTo("alpaca");
                assertThat(candidate.getProvenance().getInstanceSource()).isEqualTo(InstanceSource.DIRECT_ANSWER);
                assertThat(candidate.getProvenance().getDemoIds()).hasSize(3);
                assertThat(candidate.getInstances()).hasSize(1);
            });
            Map<String, List<Instance>> generated = candidates.stream().collect(Collectors.toMap(
                    CandidateInstruction::getCandidateId, CandidateInstruction::getInstances));
            // The responder asks nothing: the example carries the instance the generator wrote.
            assertThat(run.responses()).isNotEmpty().allSatisfy(e -> assertThat(e.getInstances())
                    .isEqualTo(generated.get(e.getCandidateId())));
            assertThat(candidates).anySatisfy(c -> assertThat(c.getInstances().get(0).getInput()).isEmpty());
            run.assertOneOutcomePerAcceptedInstruction();
        }
    }

    @Test
    void evolInstructEvolvesPoolInstructionsAndAppliesTheEliminationRules() {
        // A simulator whose answers are flawed more often, so that each elimination rule has work to do
        SimulatedLlmServer flawed = STOPS.add("flawed simulated LLM", SimulatedLlmServer.start(SimulatedLlmConfig
                .from(ConfigSource.ofValues(Map.of(SimulatedLlmConfig.BAD_OUTPUT_SHARE.name(), "0.3")))
                .withLatency(Duration.ofMillis(5))));
        try (LoopRun run = loop("evol", SeedTasks.bundled(), Map.of("generator.method", "evol-instruct"), 150,
                Map.of(), Map.of(), flawed)) {
            List<CandidateInstruction> candidates = run.candidates();
            assertThat(candidates).hasSizeGreaterThan(60).allSatisfy(candidate -> {
                assertThat(candidate.getProvenance().getMethod()).isEqualTo("evol-instruct");
                assertThat(candidate.getProvenance().getDemoIds()).hasSize(1);
                assertThat(candidate.getProvenance().getOperation()).isIn("add-constraints", "deepen",
                        "concretize", "increase-reasoning", "complicate-input", "breadth");
            });
            assertThat(candidates.stream().map(c -> c.getProvenance().getOperation()).collect(Collectors.toSet()))
                    .contains("breadth", "complicate-input", "add-constraints");
            List<Rejection> generation = run.rejections().stream()
                    .filter(r -> r.getStage() == RejectionStage.GENERATION).toList();
            assertThat(generation).extracting(Rejection::getReason).contains("leaked-prompt-words",
                    "no-information-gain");
            assertThat(generation).filteredOn(r -> r.getReason().equals("no-information-gain"))
                    .anySatisfy(r -> assertThat(r.getDetail()).startsWith("judged equal to the original by "));
            assertThat(reasons(run, RejectionStage.RESPONSE)).contains("apologetic-response", "stopwords-only",
                    "empty-output");
            assertThat(run.examples()).isNotEmpty().allSatisfy(e -> {
                assertThat(e.getInstances()).singleElement().satisfies(i -> assertThat(i.getInput()).isEmpty());
                assertThat(e.getIsClassification()).isNull();
            });
            run.assertOneOutcomePerAcceptedInstruction();
        }
    }

    @Test
    void aMethodPluggedInAsOneClassRunsTheWholeLoopWithTheInstanceSourceItDeclares() {
        // persona-self-instruct is a method class, its prompts and persona lists, and one services line
        try (LoopRun run = loop("persona", SeedTasks.bundled(), Map.of("generator.method", "persona-self-instruct"),
                12, Map.of(), Map.of())) {
            assertThat(run.candidates()).hasSizeGreaterThan(20).allSatisfy(candidate -> {
                assertThat(candidate.getProvenance().getMethod()).isEqualTo("persona-self-instruct");
                assertThat(candidate.getProvenance().getInstanceSource()).isEqualTo(InstanceSource.DIRECT_ANSWER);
                assertThat(candidate.getProvenance().getOperation()).startsWith("persona: ");
                assertThat(candidate.getProvenance().getPromptVersion()).isEqualTo("persona-self-instruct-v1");
            });
            // Declared a direct answer, so the responder answered each one directly: no classification question
            assertThat(run.responses()).isNotEmpty().allSatisfy(e -> {
                assertThat(e.getInstances()).singleElement().satisfies(i -> assertThat(i.getInput()).isEmpty());
                assertThat(e.getIsClassification()).isNull();
            });
            run.assertOneOutcomePerAcceptedInstruction();
        }
    }

    @Test
    void aKoreanPoolGrowsInKorean() {
        List<PoolEntry> korean = new ArrayList<>();
        for (JsonNode task : SharedData.jsonLines("ko_user_oriented_instructions_deepl.jsonl")) {
            String instruction = task.path("instruction").asText();
            korean.add(PoolEntry.newBuilder().setId(InstructionId.of(instruction)).setInstruction(instruction)
                    .setSource(Source.HUMAN_DATASET)
                    .setProvenance(Provenance.newBuilder().setDatasetName("self-instruct-eval-ko")
                            .setSourceRecordId(task.path("id").asText()).build())
                    .setAddedAt(Instant.EPOCH).build());
        }
        try (LoopRun run = loop("ko", korean, Map.of("generator.method", "self-instruct"), 20, Map.of(),
                Map.of())) {
            assertThat(run.candidates()).isNotEmpty().allSatisfy(candidate ->
                    assertThat(candidate.getProvenance().getLanguage()).isEqualTo("ko"));
            assertThat(run.accepted()).isNotEmpty().allSatisfy(a -> assertThat(hangulShare(a.getInstruction()))
                    .isGreaterThan(0.5));
            assertThat(run.examples()).isNotEmpty().allSatisfy(e -> assertThat(hangulShare(
                    e.getInstances().get(0).getOutput() + e.getInstances().get(0).getInput())).isGreaterThan(0.3));
            run.assertOneOutcomePerAcceptedInstruction();
        }
    }

    @Test
    void theQualityJudgeRatesExamplesAndTheFilterRejectsLowRatings() {
        try (LoopRun run = loop("judge", SeedTasks.bundled(), Map.of("generator.method", "self-instruct"), 20,
                Map.of("responder.quality-judge.enabled", "true"), Map.of("filter.low-quality.enabled", "true",
                        "filter.low-quality.min-score", "4.5"))) {
            assertThat(run.responses()).isNotEmpty().allSatisfy(e -> assertThat(e.getQualityReason()).isNotNull());
            assertThat(run.examples()).isNotEmpty().allSatisfy(e -> assertThat(e.getQualityScore())
                    .isGreaterThanOrEqualTo(4.5));
            assertThat(run.rejections()).filteredOn(r -> r.getReason().equals("low-quality")).isNotEmpty()
                    .allSatisfy(r -> {
                        assertThat(r.getScore()).isLessThan(4.5);
                        assertThat(r.getThreshold()).isEqualTo(4.5);
                    });
            assertThat(run.poolRecords()).filteredOn(e -> e.getSource() == Source.MACHINE).isNotEmpty()
                    .allSatisfy(e -> assertThat(e.getQualityScore()).isGreaterThanOrEqualTo(4.5));
            run.assertOneOutcomePerAcceptedInstruction();
        }
    }

    private static Set<String> reasons(LoopRun run, RejectionStage stage) {
        return run.rejections().stream().filter(r -> r.getStage() == stage).map(Rejection::getReason)
                .collect(Collectors.toSet());
    }

    private static double hangulShare(String text) {
        long letters = text.codePoints().filter(Character::isLetter).count();
        long hangul = text.codePoints().filter(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HANGUL)
                .count();
        return letters == 0 ? 0 : (double) hangul / letters;
    }

    private static LoopRun loop(String prefix, List<PoolEntry> pool, Map<String, String> generator, int requests,
            Map<String, String> responder, Map<String, String> filter) {
        return loop(prefix, pool, generator, requests, responder, filter, llm);
    }

    private static LoopRun loop(String prefix, List<PoolEntry> pool, Map<String, String> generator, int requests,
            Map<String, String> responder, Map<String, String> filter, SimulatedLlmServer server) {
        Map<String, String> llmSettings = Map.of("llm.base-url", server.baseUrl(), "llm.model", "simulated");
        Map<String, String> generatorSettings = new HashMap<>(llmSettings);
        generatorSettings.putAll(generator);
        generatorSettings.put("generator.max-requests", Integer.toString(requests));
        generatorSettings.put("generator.seed", "5");
        Map<String, String> responderSettings = new HashMap<>(llmSettings);
        responderSettings.putAll(responder);
        LoopRun run = LoopRun.prepare(broker.bootstrapServers(), prefix, stateDir, pool)
                .startFilterAndSink(filter)
                .startResponder(responderSettings)
                .startGenerator(generatorSettings);
        run.awaitDrained(Duration.ofMinutes(2));
        return run;
    }
}
