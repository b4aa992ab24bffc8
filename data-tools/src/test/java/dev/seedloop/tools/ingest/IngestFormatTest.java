package dev.seedloop.tools.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.seedloop.schemas.avro.Instance;
import dev.seedloop.schemas.avro.Source;
import dev.seedloop.testkit.SharedData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestFormatTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    @Test
    void everySelfInstructSeedTaskIsReadWithItsInstancesAndClassification() throws IOException {
        IngestFormat format = IngestFormat.named("self-instruct", Map.of());

        List<JsonNode> seeds = SharedData.jsonLines("seed_tasks.jsonl");
        List<IngestFormat.Parsed> parsed = seeds.stream().map(seed -> format.parse(seed, 0).get(0)).toList();

        assertThat(parsed).hasSize(175).allSatisfy(task -> assertThat(task.instances()).isNotEmpty());
        assertThat(parsed).filteredOn(task -> Boolean.TRUE.equals(task.classification())).isNotEmpty();
        assertThat(parsed.get(0).recordId()).isEqualTo(seeds.get(0).get("id").asText());
        assertThat(format.source()).isEqualTo(Source.HUMAN_SEED);
    }

    @Test
    void dollyAndMappedJsonBecomeInstructionInputAndOutput() throws IOException {
        IngestFormat.Parsed dolly = IngestFormat.named("dolly", Map.of()).parse(JSON.readTree(
                "{\"instruction\":\"Which is a fish?\",\"context\":\"Tope or Rope\",\"response\":\"Tope\","
                        + "\"category\":\"classification\"}"), 0).get(0);
        IngestFormat.Parsed mapped = IngestFormat.named("jsonl", Map.of("instruction", "question", "output",
                "answer", "id", "qid")).parse(JSON.readTree(
                "{\"question\":\"How do I reverse a list in Python?\",\"answer\":\"xs[::-1]\",\"qid\":17}"), 0).get(0);

        assertThat(dolly.instances()).containsExactly(new Instance("Tope or Rope", "Tope"));
        assertThat(dolly.classification()).isTrue();
        assertThat(mapped.instruction()).isEqualTo("How do I reverse a list in Python?");
        assertThat(mapped.instances()).containsExactly(new Instance("", "xs[::-1]"));
        assertThat(mapped.recordId()).isEqualTo("17");
        assertThatThrownBy(() -> IngestFormat.named("jsonl", Map.of("instruction", "q")))
                .hasMessageContaining("output");
    }

    @Test
    void aRecordWithoutItsFieldsIsRefusedWithTheReason() throws IOException {
        IngestFormat alpaca = IngestFormat.named("alpaca", Map.of());

        assertThatThrownBy(() -> alpaca.parse(JSON.readTree("{\"instruction\":\"x\"}"), 0))
                .isInstanceOf(BadRecordException.class).hasMessage("no 'output' field");
        assertThatThrownBy(() -> alpaca.parse(JSON.readTree("{\"instruction\":[1],\"output\":\"y\"}"), 0))
                .hasMessage("'instruction' is array, not text");
        assertThatThrownBy(() -> alpaca.parse(JSON.readTree("{\"instruction\":\"  \",\"output\":\"y\"}"), 0))
                .hasMessageContaining("empty instruction");
        assertThatThrownBy(() -> IngestFormat.named("csv", Map.of())).hasMessageContaining("unknown format");
    }

    @Test
    void aJsonArrayAndJsonLinesAreReadWithLineNumbersAndEveryBadLineSaysWhy() throws IOException {
        Path array = work.resolve("array.json");
        Files.writeString(array, "[\n {\"instruction\": \"a\", \"output\": \"b\"},\n {\"instruction\": \"c\","
                + " \"output\": \"d\"}\n]\n");
        Path lines = work.resolve("lines.jsonl");
        Files.write(lines, concat("{\"instruction\":\"a\",\"output\":\"b\"}\n[1]\n\n".getBytes(
                StandardCharsets.UTF_8), new byte[] {(byte) 0xff, '\n'}, ("{\"instruction\":\"x\",\"output\":\""
                + "y".repeat(RecordReader.MAX_RECORD_BYTES) + "\"}\n{\"instruction\":").getBytes(
                StandardCharsets.UTF_8)));
        Path truncated = work.resolve("truncated.json");
        Files.writeString(truncated, "[{\"instruction\": \"a\", \"output\": \"b\"},\n{\"instru");

        assertThat(read(array)).containsExactly("2 ok", "3 ok");
        assertThat(read(lines)).containsExactly("1 ok", "2 not a JSON object", "4 not valid UTF-8",
                "5 record larger than 1024 KiB", "6 not JSON");
        assertThat(read(truncated)).first().isEqualTo("1 ok");
        assertThat(read(truncated)).last().asString().contains("the JSON array");
    }

    private static List<String> read(Path file) throws IOException {
        List<String> items = new ArrayList<>();
        RecordReader.read(file, item -> items.add(item.line() + " " + (item instanceof RecordReader.Bad bad
                ? bad.reason().replaceAll(":.*", "") : "ok")));
        return items;
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }

    @Test
    void countsByReasonReadAsCountsNotAsOptionValues() {
        assertThat(Ingest.counts(Map.of("question scored below --min-score", 3L, "answer that is not an accepted one",
                10L))).isEqualTo("answer that is not an accepted one: 10; question scored below --min-score: 3");
    }
}
