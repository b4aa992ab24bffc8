package dev.seedloop.tools.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.seedloop.schemas.avro.Turn;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;

/** The file formats trainers read, each row with its provenance. */
public enum ExportFormat {

    /** Alpaca JSON lines: instruction, input, output; a later conversation turn adds {@code history} pairs. */
    ALPACA {
        @Override
        ObjectNode json(ExampleRow row) {
            ObjectNode node = JSON.createObjectNode().put("instruction", row.instruction()).put("input", row.input())
                    .put("output", row.output());
            List<Turn> turns = row.conversation();
            if (!turns.isEmpty()) {
                ArrayNode history = node.putArray("history");
                for (int i = 0; i + 1 < turns.size(); i++) {
                    if (turns.get(i).getRole().equals("user") && turns.get(i + 1).getRole().equals("assistant")) {
                        history.addArray().add(turns.get(i).getContent()).add(turns.get(i + 1).getContent());
                        i++;
                    } else if (turns.get(i).getRole().equals("system")) {
                        node.put("system", turns.get(i).getContent());
                    }
                }
            }
            return provenance(node, row);
        }
    },

    /** ShareGPT JSON lines: {@code conversations} of {from, value}, the turns before the example included. */
    SHAREGPT {
        @Override
        ObjectNode json(ExampleRow row) {
            ObjectNode node = JSON.createObjectNode().put("id", row.id());
            ArrayNode turns = node.putArray("conversations");
            for (Turn turn : row.conversation()) {
                turns.addObject().put("from", switch (turn.getRole()) {
                    case "user" -> "human";
                    case "assistant" -> "gpt";
                    default -> turn.getRole();
                }).put("value", turn.getContent());
            }
            turns.addObject().put("from", "human").put("value", row.prompt());
            turns.addObject().put("from", "gpt").put("value", row.output());
            return provenance(node, row);
        }
    },

    /** OpenAI chat fine-tuning JSON lines: {@code messages} of {role, content}; provenance under metadata. */
    OPENAI_CHAT {
        @Override
        ObjectNode json(ExampleRow row) {
            ObjectNode node = JSON.createObjectNode();
            ArrayNode messages = node.putArray("messages");
            for (Turn turn : row.conversation()) {
                messages.addObject().put("role", turn.getRole()).put("content", turn.getContent());
            }
            messages.addObject().put("role", "user").put("content", row.prompt());
            messages.addObject().put("role", "assistant").put("content", row.output());
            provenance(node.putObject("metadata").put("id", row.id()), row);
            return node;
        }
    },

    /** Parquet (uncompressed), readable by pandas and Hugging Face datasets; the conversation as a list column. */
    PARQUET {
        @Override
        ObjectNode json(ExampleRow row) {
            throw new UnsupportedOperationException("parquet rows are not JSON");
        }

        @Override
        void write(Iterable<ExampleRow> rows, Path out) throws IOException {
            Files.deleteIfExists(out);
            try (ParquetWriter<GenericRecord> writer = AvroParquetWriter.<GenericRecord>builder(
                            new LocalOutputFile(out))
                    .withSchema(PARQUET_ROW)
                    .withDataModel(GenericData.get())
                    .withConf(new PlainParquetConfiguration())
                    .withCompressionCodec(CompressionCodecName.UNCOMPRESSED)
                    .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                    .build()) {
                for (ExampleRow row : rows) {
                    writer.write(record(row));
                }
            }
        }
    };

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The Parquet columns: the example, its conversation, then its provenance. */
    static final Schema PARQUET_ROW = SchemaBuilder.record("example").namespace("dev.seedloop.export").fields()
            .requiredString("id")
            .requiredString("instruction")
            .requiredString("input")
            .requiredString("output")
            .name("conversation").type().array().items(SchemaBuilder.record("turn").fields()
                    .requiredString("role").requiredString("content").endRecord()).noDefault()
            .requiredString("source")
            .optionalString("method")
            .optionalString("dataset")
            .optionalString("source_record_id")
            .optionalString("license")
            .optionalString("model")
            .optionalString("response_model")
            .optionalBoolean("is_classification")
            .optionalDouble("quality_score")
            .requiredString("added_at")
            .endRecord();

    /** The format by its command-line name. */
    public static ExportFormat named(String name) {
        for (ExportFormat format : values()) {
            if (format.cliName().equals(name.toLowerCase(Locale.ROOT))) {
                return format;
            }
        }
        throw new IllegalArgumentException("unknown format '" + name + "'; known: alpaca, sharegpt, openai-chat, "
                + "parquet");
    }

    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    abstract ObjectNode json(ExampleRow row);

    /** Writes {@code rows}, read once as they come, to {@code out}, replacing it. */
    void write(Iterable<ExampleRow> rows, Path out) throws IOException {
        try (BufferedWriter writer = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            for (ExampleRow row : rows) {
                writer.write(JSON.writeValueAsString(json(row)));
                writer.write('\n');
            }
        }
    }

    private static ObjectNode provenance(ObjectNode node, ExampleRow row) {
        if (!node.has("id")) {
            node.put("id", row.id());
        }
        node.put("source", row.source()).put("method", row.method()).put("dataset", row.dataset())
                .put("source_record_id", row.sourceRecordId()).put("license", row.license())
                .put("model", row.model()).put("response_model", row.responseModel())
                .put("added_at", ExampleRow.TIME.format(row.addedAt()));
        if (row.isClassification() != null) {
            node.put("is_classification", row.isClassification());
        }
        if (row.qualityScore() != null) {
            node.put("quality_score", row.qualityScore());
        }
        return node;
    }

    private static GenericRecord record(ExampleRow row) {
        GenericRecord record = new GenericData.Record(PARQUET_ROW);
        Schema turn = PARQUET_ROW.getField("conversation").schema().getElementType();
        record.put("id", row.id());
        record.put("instruction", row.instruction());
        record.put("input", row.input());
        record.put("output", row.output());
        record.put("conversation", row.conversation().stream().map(t -> {
            GenericRecord value = new GenericData.Record(turn);
            value.put("role", t.getRole());
            value.put("content", t.getContent());
            return value;
        }).toList());
        record.put("source", row.source());
        record.put("method", row.method());
        record.put("dataset", row.dataset());
        record.put("source_record_id", row.sourceRecordId());
        record.put("license", row.license());
        record.put("model", row.model());
        record.put("response_model", row.responseModel());
        record.put("is_classification", row.isClassification());
        record.put("quality_score", row.qualityScore());
        record.put("added_at", ExampleRow.TIME.format(row.addedAt()));
        return record;
    }
}
