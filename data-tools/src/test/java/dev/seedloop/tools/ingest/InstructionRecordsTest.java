package dev.seedloop.tools.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seedloop.filter.offline.FileFilter;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstructionRecordsTest {

    @TempDir
    Path directory;

    @Test
    void everyKindOfBadRecordIsMalformedWithItsReasonAndTheGoodOnesAroundItAreRead() throws Exception {
        // Given one good record among every kind of bad one, and a capitalised key at the end
        Path file = directory.resolve("bad.jsonl");
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(("{\"instruction\": \"Name three rivers in Africa and describe each briefly.\"}\n"
                    + "not json at all\n"
                    + "\n"
                    + "{\"input\": \"no instruction here\"}\n"
                    + "{\"instruction\": 42}\n"
                    + "[\"an\", \"array\"]\n").getBytes(StandardCharsets.UTF_8));
            out.write(new byte[] {'{', '"', 'i', 'n', 's', 't', 'r', 'u', 'c', 't', 'i', 'o', 'n', '"', ':', '"',
                (byte) 0xC3, (byte) 0x28, '"', '}', '\n'});
            out.write(("{\"instruction\": \"" + "very ".repeat(300_000) + "long\"}\n")
                    .getBytes(StandardCharsets.UTF_8));
            out.write("{\"Instruction\": \"Name three lakes in Africa.\"}".getBytes(StandardCharsets.UTF_8));
        }

        // When it is read as filter-file reads it by default
        List<FileFilter.Record> records = read(InstructionRecords.anyLayout(file));

        // Then each record is there under its line, the blank line aside, with the reason it holds no instruction
        assertThat(records).extracting(FileFilter.Record::line).containsExactly(1L, 2L, 4L, 5L, 6L, 7L, 8L, 9L);
        assertThat(records.get(0)).isEqualTo(new FileFilter.Instruction(1,
                "Name three rivers in Africa and describe each briefly."));
        assertThat(reason(records.get(1))).startsWith("not JSON");
        assertThat(reason(records.get(2))).isEqualTo("no 'instruction' field");
        assertThat(reason(records.get(3))).isEqualTo("'instruction' is number, not a string");
        assertThat(reason(records.get(4))).isEqualTo("not a JSON object");
        assertThat(reason(records.get(5))).isEqualTo("not valid UTF-8");
        assertThat(reason(records.get(6))).startsWith("record larger than");
        assertThat(records.get(7)).isEqualTo(new FileFilter.Instruction(9, "Name three lakes in Africa."));
    }

    @Test
    void aJsonArrayIsReadAsIngestReadsIt() throws Exception {
        Path file = Files.writeString(directory.resolve("alpaca_data.json"), "[\n"
                + "  {\"instruction\": \"Give three tips for staying healthy.\", \"input\": \"\", \"output\": \"...\"},\n"
                + "  {\"instruction\": \"What are the three primary colors?\", \"input\": \"\", \"output\": \"...\"}\n"
                + "]\n");

        // each record's other strings come along, for the contamination rule
        assertThat(read(InstructionRecords.anyLayout(file))).containsExactly(
                new FileFilter.Instruction(2, "Give three tips for staying healthy.", List.of("", "...")),
                new FileFilter.Instruction(3, "What are the three primary colors?", List.of("", "...")));
        assertThat(read(InstructionRecords.of(file, IngestFormat.named("alpaca", Map.of()), reason -> { })))
                .hasSize(2);
    }

    @Test
    void aFileInAnotherFormatIsRefusedAfterItsFirstRecords() throws Exception {
        Path file = Files.writeString(directory.resolve("alpaca.jsonl"),
                "{\"instruction\": \"Name three rivers.\", \"input\": \"\", \"output\": \"Nile.\"}\n".repeat(30));

        assertThatThrownBy(() -> read(InstructionRecords.of(file, IngestFormat.named("sharegpt", Map.of()),
                reason -> { }))).isInstanceOf(Ingest.WrongFormatException.class)
                .hasMessageContaining("are not sharegpt records").hasMessageContaining("is --format right?");
    }

    private static List<FileFilter.Record> read(FileFilter.Records records) throws Exception {
        List<FileFilter.Record> read = new ArrayList<>();
        records.forEach(read::add);
        return read;
    }

    private static String reason(FileFilter.Record record) {
        return ((FileFilter.Malformed) record).reason();
    }
}
