package dev.seedloop.tools.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The shipped benchmark templates over small real samples of their benchmarks. */
class BenchmarkTemplateTest {

    @TempDir
    Path work;

    @ParameterizedTest(name = "{0} over {1}")
    @CsvSource({"nli, snli.jsonl", "sentiment, sst2.tsv", "extractive-qa, squad.jsonl", "summarisation, xsum.jsonl",
            "paraphrase, mrpc.tsv"})
    void everyShippedTemplateGivesInstructionsInEveryPhrasing(String task, String sample) throws Exception {
        BenchmarkTemplate template = BenchmarkTemplate.load(task);
        IngestFormat format = IngestFormat.named("benchmark", Map.of(), template, 1);

        List<IngestFormat.Parsed> examples = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        long position = 0;
        for (RecordReader.Item item : HumanFormatsTest.read(format, HumanFormatsTest.sample(sample))) {
            assertThat(item).as("every sample record reads").isInstanceOf(RecordReader.Good.class);
            try {
                examples.addAll(format.parse(((RecordReader.Good) item).record(), position));
                position++;
            } catch (BadRecordException e) {
                refused.add(e.getMessage());
            }
        }

        assertThat(examples).hasSizeGreaterThanOrEqualTo(template.phrasings().size());
        Set<Integer> phrasingsUsed = new HashSet<>();
        for (int i = 0; i < examples.size(); i++) {
            IngestFormat.Parsed example = examples.get(i);
            assertThat(example.instruction()).isNotBlank().doesNotContain("{", "}");
            assertThat(example.instances()).singleElement().satisfies(instance -> {
                assertThat(instance.getOutput()).isNotBlank().doesNotContain("{");
                assertThat(instance.getInput()).doesNotContain("{");
            });
            assertThat(example.classification()).isEqualTo(template.classification());
            phrasingsUsed.add(i % template.phrasings().size());
        }
        assertThat(phrasingsUsed).hasSize(template.phrasings().size());
        if (template.labels().isEmpty()) {
            assertThat(examples).allSatisfy(example -> assertThat(example.instances().get(0).getOutput())
                    .isNotEmpty());
        } else {
            assertThat(examples).allSatisfy(example -> assertThat(template.labels().values())
                    .anyMatch(word -> example.instances().get(0).getOutput().contains(word)));
        }
        // SQuAD 2.0's unanswerable question is the one record refused, with the reason
        assertThat(refused).containsExactlyElementsOf(task.equals("extractive-qa")
                ? List.of("no 'answers.text[0]' field") : List.of());
        assertThat(format.datasetName()).isEqualTo(template.dataset());
    }

    @Test
    void theNliTemplateVerbalisesLabelsAndNamesTheChoices() throws Exception {
        IngestFormat format = IngestFormat.named("benchmark", Map.of(), BenchmarkTemplate.load("nli"), 1);
        List<RecordReader.Item> items = HumanFormatsTest.read(format, HumanFormatsTest.sample("snli.jsonl"));

        IngestFormat.Parsed first = format.parse(((RecordReader.Good) items.get(0)).record(), 0).get(0);

        assertThat(first.instruction()).isEqualTo("Read the premise and decide whether the hypothesis follows "
                + "from it. Answer yes, it is not possible to tell or no.");
        assertThat(first.instances().get(0).getInput()).isEqualTo("Premise: A person on a horse jumps over a "
                + "broken down airplane.\nHypothesis: A person is training his horse for a competition.");
        assertThat(first.instances().get(0).getOutput()).isEqualTo("it is not possible to tell");
        assertThat(first.recordId()).isNull();
    }

    @Test
    void anSnliPairWithoutAGoldLabelIsSkippedNotRejected() throws Exception {
        // Given SNLI's pairs, one of them marked "-" (its annotators did not agree)
        Path file = work.resolve("snli.jsonl");
        List<String> lines = new java.util.ArrayList<>(Files.readAllLines(HumanFormatsTest.sample("snli.jsonl")));
        lines.add("{\"annotator_labels\": [\"neutral\", \"contradiction\", \"entailment\", \"neutral\", "
                + "\"contradiction\"], \"gold_label\": \"-\", \"sentence1\": \"Two women are embracing.\", "
                + "\"sentence2\": \"The sisters are hugging goodbye.\"}");
        Files.write(file, lines);

        // When it is read as the nli template reads it
        IngestFormat format = IngestFormat.named("benchmark", Map.of(), BenchmarkTemplate.load("nli"), 1);
        List<String> skipped = new java.util.ArrayList<>();
        List<dev.seedloop.filter.offline.FileFilter.Record> records = new java.util.ArrayList<>();
        InstructionRecords.of(file, format, skipped::add).forEach(records::add);

        // Then that pair is skipped with its reason, and the others each give an instruction
        assertThat(skipped).containsExactly("label '-': no gold label");
        assertThat(records).hasSize(lines.size() - 1)
                .allMatch(record -> record instanceof dev.seedloop.filter.offline.FileFilter.Instruction);
    }

    @Test
    void aUserTemplateFileAddsATaskAndItsMistakesAreNamed() throws Exception {
        Path file = work.resolve("topic.yaml");
        Files.writeString(file, """
                name: topic
                task: topic classification
                dataset: my-news
                license: CC-BY-4.0
                classification: true
                labels: {"1": world, "2": sports}
                phrasings:
                  - instruction: "Which topic is this headline about: {choices}?"
                    input: "{title}"
                    output: "{label}"
                """);
        BenchmarkTemplate template = BenchmarkTemplate.load(file.toString());
        IngestFormat format = IngestFormat.named("benchmark", Map.of(), template, 1);
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();

        assertThat(format.parse(json.readTree("{\"title\": \"Cup final tonight\", \"label\": 2}"), 0).get(0)
                .instances().get(0).getOutput()).isEqualTo("sports");
        assertThatThrownBy(() -> format.parse(json.readTree("{\"title\": \"x\", \"label\": 7}"), 0))
                .hasMessageContaining("label '7' is not in the verbaliser");
        assertThatThrownBy(() -> format.parse(json.readTree("{\"label\": 1}"), 0))
                .hasMessage("no 'title' field");

        Files.writeString(file, "name: broken\nphrasing: []\n");
        assertThatThrownBy(() -> BenchmarkTemplate.load(file.toString())).hasMessageContaining("phrasing");
        assertThatThrownBy(() -> BenchmarkTemplate.load("no-such-task")).hasMessageContaining("nli, sentiment");
        assertThatThrownBy(() -> IngestFormat.named("benchmark", Map.of())).hasMessageContaining("--template");
    }
}
