package dev.seedloop.filter.offline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.seedloop.embedding.InProcessEmbedder;
import dev.seedloop.embedding.InstructionEmbedder;
import dev.seedloop.filter.FilterRules;
import dev.seedloop.filter.dedup.BruteForceScan;
import dev.seedloop.filter.dedup.NearDuplicateIndex;
import dev.seedloop.filter.instruction.NearDuplicateRule;
import dev.seedloop.filter.rule.Rule;
import dev.seedloop.filter.rule.RuleStage;
import dev.seedloop.filter.rule.Rules;
import dev.seedloop.filter.dedup.RougeL;
import dev.seedloop.runtime.config.ConfigSource;
import dev.seedloop.testkit.SharedData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FileFilterTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path directory;

    @ParameterizedTest
    @ValueSource(doubles = {0.7, 0.5})
    void rejectsExactlyTheAlpacaLinesASequentialBruteForceScanRejects(double threshold) throws Exception {
        // Given Alpaca's 5,000 instructions and what a sequential scan of the whole pool decides
        List<String> lines = SharedData.field("alpaca_5000.jsonl", "instruction");
        List<Integer> expected = bruteForceRejections(lines, threshold);

        // When the file is filtered with the near-duplicate rule only
        List<JsonNode> verdicts = filter(SharedData.file("alpaca_5000.jsonl"),
                Map.of("filter.near-duplicate.threshold", Double.toString(threshold)), onlyNearDuplicate());

        // Then the same lines are rejected (0 mismatches), each with a score above the threshold
        List<Integer> rejected = new ArrayList<>();
        for (JsonNode verdict : verdicts) {
            if (!verdict.get("accepted").asBoolean()) {
                rejected.add(verdict.get("line").asInt());
                assertThat(verdict.get("score").asDouble()).isGreaterThan(threshold);
                int duplicate = verdict.get("duplicateOf").asInt();
                assertThat(RougeL.score(lines.get(verdict.get("line").asInt() - 1), lines.get(duplicate - 1)))
                        .isEqualTo(verdict.get("score").asDouble());
            }
        }
        assertThat(verdicts).hasSize(5000);
        assertThat(rejected).isEqualTo(expected);
        assertThat(rejected).hasSize(threshold == 0.7 ? 0 : rejected.size());
    }

    @Test
    void reproducesTheReferenceCountsOfTheEnglishSets() throws Exception {
        assertThat(rejections("seed_tasks.jsonl")).isEqualTo(2);
        assertThat(rejections("user_oriented_instructions.jsonl")).isEqualTo(4);
        assertThat(rejections("wizardlm_testset.jsonl")).isEqualTo(8);
    }

    @Test
    void koreanTasksAreTellApartButACopyOrALightRewordingIsCaught() throws Exception {
        for (String file : List.of("ko_user_oriented_instructions_gpt4.jsonl",
                "ko_user_oriented_instructions_deepl.jsonl")) {
            List<String> korean = SharedData.field(file, "instruction");

            // Different Korean tasks pass: the one rejection is the task that appears twice ("다음 질문에 답하세요.")
            List<JsonNode> once = filter(SharedData.file(file), Map.of(), onlyNearDuplicate());
            List<JsonNode> rejected = once.stream().filter(v -> !v.get("accepted").asBoolean()).toList();
            assertThat(rejected).hasSize(1);
            int line = rejected.get(0).get("line").asInt();
            assertThat(korean.get(line - 1)).isEqualTo(korean.get(rejected.get(0).get("duplicateOf").asInt() - 1));

            // The same file twice: every second copy is rejected
            Path twice = directory.resolve("twice.jsonl");
            Files.write(twice, doubled(SharedData.file(file)));
            List<JsonNode> verdicts = filter(twice, Map.of(), onlyNearDuplicate());
            assertThat(verdicts.subList(korean.size(), 2 * korean.size()))
                    .allSatisfy(v -> assertThat(v.get("accepted").asBoolean()).isFalse());

            // A light rewording of each task of four words or more (one word replaced) is caught
            Random random = new Random(1);
            List<String> reworded = new ArrayList<>();
            for (String instruction : korean) {
                String[] words = instruction.split(" ");
                if (words.length >= 4) {
                    words[random.nextInt(words.length)] = "그리고";
                    reworded.add(String.join(" ", words));
                }
            }
            Path lines = directory.resolve("reworded.jsonl");
            List<String> all = new ArrayList<>(korean);
            all.addAll(reworded);
            writeInstructions(lines, all);
            List<JsonNode> rewordedVerdicts = filter(lines, Map.of(), onlyNearDuplicate())
                    .subList(korean.size(), all.size());
            assertThat(rewordedVerdicts).hasSizeGreaterThan(200)
                    .allSatisfy(v -> assertThat(v.get("reason").asText()).isEqualTo("near-duplicate"));
        }
    }

    @Test
    void aMalformedRecordGetsItsVerdictInPlaceAndTheRunGoesOn() throws Exception {
        // Given a good record, two that hold no instruction, a too long one and a copy of the first
        String rivers = "Name three rivers in Africa and describe each briefly.";
        FileFilter.Records records = each -> {
            each.accept(new FileFilter.Instruction(1, rivers));
            each.accept(new FileFilter.Malformed(2, "not JSON: unexpected character"));
            each.accept(new FileFilter.Malformed(4, "no 'instruction' field"));
            each.accept(new FileFilter.Instruction(5, "very ".repeat(2_000) + "long"));
            each.accept(new FileFilter.Instruction(7, rivers));
        };

        // When
        List<JsonNode> verdicts = run(new FileFilter(rules(Map.of()), 2), records);

        // Then every record has its verdict, in order, under its line, with the reason
        assertThat(verdicts).extracting(v -> v.get("line").asInt()).containsExactly(1, 2, 4, 5, 7);
        assertThat(verdicts).extracting(v -> v.get("reason").isNull() ? null : v.get("reason").asText())
                .containsExactly(null, "malformed", "malformed", "max-length", "exact-duplicate");
        assertThat(verdicts.get(1).get("error").asText()).startsWith("not JSON");
        assertThat(verdicts.get(4).get("duplicateOf").asInt()).isEqualTo(1);
    }

    @Test
    void aPreloadedPoolIsJudgedAgainstAndNamedByPoolId() throws Exception {
        Path file = directory.resolve("lines.jsonl");
        List<String> seeds = SharedData.field("seed_tasks.jsonl", "instruction");
        writeInstructions(file, List.of(seeds.get(3), "Write a short poem about the autumn sea at night."));

        FileFilter filter = new FileFilter(rules(Map.of()), 2);
        filter.preload(records(SharedData.file("seed_tasks.jsonl")), problem -> { });
        List<JsonNode> verdicts = run(filter, records(file));

        assertThat(verdicts.get(0).get("reason").asText()).isEqualTo("exact-duplicate");
        assertThat(verdicts.get(0).get("duplicateOf").asText())
                .isEqualTo(dev.seedloop.schemas.InstructionId.of(seeds.get(3)));
        assertThat(verdicts.get(1).get("accepted").asBoolean()).isTrue();
    }

    @Test
    void thePresetsReproduceSelfInstructAndAlpaca() throws Exception {
        Path file = directory.resolve("presets.jsonl");
        writeInstructions(file, List.of("주어진 문장을 더 간결하고 명확하게 다시 써 주세요.", "写一首关于秋天的诗",
                "Describe the video in three short sentences please."));

        // seedloop's default counts each Han character as a word and lets any first character through
        assertThat(reasons(file, "default")).containsExactly(null, null, null);
        // Self-Instruct counts whitespace words first (the Chinese line is one word), then the first character
        assertThat(reasons(file, "self-instruct")).containsExactly("non-ascii-start", "word-count", null);
        // Alpaca's blacklist adds "video"
        assertThat(reasons(file, "alpaca")).containsExactly("non-ascii-start", "word-count", "keyword-blacklist");
    }

    private List<String> reasons(Path file, String preset) throws Exception {
        return filter(file, Map.of("filter.preset", preset), null).stream()
                .map(v -> v.get("reason").isNull() ? null : v.get("reason").asText()).toList();
    }

    private long rejections(String file) throws Exception {
        return filter(SharedData.file(file), Map.of(), onlyNearDuplicate()).stream()
                .filter(v -> !v.get("accepted").asBoolean()).count();
    }

    private List<JsonNode> filter(Path in, Map<String, String> settings, Map<String, String> only) throws Exception {
        Map<String, String> values = new HashMap<>(settings);
        if (only != null) {
            values.putAll(only);
        }
        FileFilter filter = new FileFilter(rules(values), 2);
        return run(filter, records(in));
    }

    @Test
    void theSemanticRuleEmbedsTheFileAndRejectsRewordingsOfEarlierLinesThatRougeLetsThrough() throws Exception {
        // Given a file with a task, its rewording and a different task on the same topic
        Path in = directory.resolve("poems.jsonl");
        Files.writeString(in, String.join("\n", "{\"instruction\": \"Write a short autumn-themed poem.\"}",
                "{\"instruction\": \"Compose a brief poem about autumn.\"}",
                "{\"instruction\": \"List five vegetables that are harvested in autumn.\"}") + "\n");
        Map<String, String> values = new HashMap<>(onlyNearDuplicate());
        values.put("filter.semantic-duplicate.enabled", "true");

        // When it is filtered offline with the in-process model
        List<JsonNode> verdicts;
        try (InstructionEmbedder embedder = new InstructionEmbedder(new InProcessEmbedder(2), 2048)) {
            verdicts = run(new FileFilter(rules(values), 2, embedder), records(in));
        }

        // Then the rewording is a semantic duplicate of line 1, with its cosine; the others are accepted
        assertThat(verdicts).extracting(verdict -> verdict.get("accepted").asBoolean())
                .containsExactly(true, false, true);
        assertThat(verdicts.get(1).get("reason").asText()).isEqualTo("semantic-duplicate");
        assertThat(verdicts.get(1).get("duplicateOf").asInt()).isEqualTo(1);
        assertThat(verdicts.get(1).get("cosine").asDouble()).isGreaterThanOrEqualTo(0.86);
        assertThat(verdicts.get(2).get("cosine").asDouble()).isLessThan(0.86);
        // And without an embedder of the rule's model it refuses to start, saying what it needs
        assertThatThrownBy(() -> new FileFilter(rules(values), 2)).hasMessageContaining("embedder");
    }

    /** The instructions of a JSON lines file of the shared data, one record a line. */
    private static FileFilter.Records records(Path file) {
        return each -> {
            long line = 0;
            for (String text : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                line++;
                JsonNode node = JSON.readTree(text);
                JsonNode instruction = node.has("instruction") ? node.get("instruction") : node.get("Instruction");
                each.accept(new FileFilter.Instruction(line, instruction.asText()));
            }
        };
    }

    private List<JsonNode> run(FileFilter filter, FileFilter.Records in) throws Exception {
        Path out = Files.createTempFile(directory, "verdicts", ".jsonl");
        filter.run(in, out, progress -> { });
        List<JsonNode> verdicts = new ArrayList<>();
        for (String line : Files.readAllLines(out, StandardCharsets.UTF_8)) {
            verdicts.add(JSON.readTree(line));
        }
        return verdicts;
    }

    /** {@code values}; the semantic rule, which needs an embedder, only where they turn it on. */
    private static FilterRules rules(Map<String, String> values) {
        Map<String, String> all = new java.util.HashMap<>(values);
        all.putIfAbsent("filter.semantic-duplicate.enabled", "false");
        return FilterRules.from(ConfigSource.ofValues(all));
    }

    private static Map<String, String> onlyNearDuplicate() {
        Map<String, String> values = new HashMap<>();
        for (Rule rule : Rules.of(RuleStage.INSTRUCTION)) {
            if (!rule.name().equals(NearDuplicateRule.NAME)) {
                values.put(Rules.enabledKey(rule).name(), "false");
            }
        }
        return values;
    }

    /** Line numbers (1-based) a scan of every earlier accepted line rejects. */
    private static List<Integer> bruteForceRejections(List<String> lines, double threshold) {
        BruteForceScan pool = new BruteForceScan();
        List<Integer> rejected = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            NearDuplicateIndex.Match best = pool.best(lines.get(i));
            if (best.score() > threshold) {
                rejected.add(i + 1);
            } else {
                pool.add(lines.get(i));
            }
        }
        return rejected;
    }

    private static List<String> doubled(Path file) throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
        lines.addAll(Files.readAllLines(file, StandardCharsets.UTF_8));
        return lines;
    }

    private static void writeInstructions(Path file, List<String> instructions) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String instruction : instructions) {
            lines.add(JSON.createObjectNode().put("instruction", instruction).toString());
        }
        Files.write(file, lines, StandardCharsets.UTF_8);
    }
}
