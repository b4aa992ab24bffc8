package dev.seedloop.launcher.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.seedloop.schemas.avro.Instance;
import dev.seedloop.schemas.avro.Source;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How one record of a human-written dataset becomes an instruction with its instances. Each format names the
 * fields it needs; a record without them is refused with the reason, never guessed at.
 */
public sealed interface IngestFormat {

    /** The formats by their command-line names; {@code jsonl} needs a field mapping. */
    static IngestFormat named(String name, Map<String, String> mapping) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "self-instruct" -> new SelfInstruct();
            case "alpaca" -> new Alpaca();
            case "dolly" -> new Dolly();
            case "jsonl" -> Mapped.of(mapping);
            default -> throw new IllegalArgumentException("unknown format '" + name
                    + "'; known: self-instruct, alpaca, dolly, jsonl");
        };
    }

    /** The record as an instruction, or {@link BadRecordException} saying why it is not one. */
    Parsed parse(JsonNode record);

    /** What the entries of this format are. */
    Source source();

    String name();

    /** An instruction and its instances, from one record. */
    record Parsed(String instruction, List<Instance> instances, Boolean classification, String recordId) {
    }

    /** Self-Instruct's seed tasks: {@code instruction}, {@code instances[{input, output}]}, {@code is_classification}. */
    record SelfInstruct() implements IngestFormat {
        @Override
        public Parsed parse(JsonNode record) {
            String instruction = instruction(record, "instruction");
            JsonNode instances = record.get("instances");
            if (instances == null || !instances.isArray()) {
                throw new BadRecordException("no 'instances' array");
            }
            List<Instance> parsed = new ArrayList<>();
            for (JsonNode instance : instances) {
                parsed.add(new Instance(text(instance, "input", false), text(instance, "output", true)));
            }
            JsonNode classification = record.get("is_classification");
            return new Parsed(instruction, parsed, classification == null || classification.isNull() ? null
                    : classification.asBoolean(), optional(record, "id"));
        }

        @Override
        public Source source() {
            return Source.HUMAN_SEED;
        }

        @Override
        public String name() {
            return "self-instruct";
        }
    }

    /** Stanford Alpaca: {@code instruction}, {@code input}, {@code output}. */
    record Alpaca() implements IngestFormat {
        @Override
        public Parsed parse(JsonNode record) {
            return new Parsed(instruction(record, "instruction"), List.of(new Instance(text(record, "input", false),
                    text(record, "output", true))), null, null);
        }

        @Override
        public Source source() {
            return Source.HUMAN_DATASET;
        }

        @Override
        public String name() {
            return "alpaca";
        }
    }

    /** Databricks Dolly: {@code instruction}, {@code context}, {@code response}, {@code category}. */
    record Dolly() implements IngestFormat {
        @Override
        public Parsed parse(JsonNode record) {
            String category = optional(record, "category");
            return new Parsed(instruction(record, "instruction"), List.of(new Instance(text(record, "context", false),
                    text(record, "response", true))), category == null ? null : category.equals("classification"),
                    null);
        }

        @Override
        public Source source() {
            return Source.HUMAN_DATASET;
        }

        @Override
        public String name() {
            return "dolly";
        }
    }

    /** Any JSON lines, with the fields named by a mapping: {@code instruction=question,output=answer,input=context}. */
    record Mapped(String instruction, String input, String output, String id) implements IngestFormat {

        static Mapped of(Map<String, String> mapping) {
            for (String key : mapping.keySet()) {
                if (!List.of("instruction", "input", "output", "id").contains(key)) {
                    throw new IllegalArgumentException("--map knows instruction, input, output and id, not '" + key
                            + "'");
                }
            }
            if (!mapping.containsKey("instruction") || !mapping.containsKey("output")) {
                throw new IllegalArgumentException("--map must name the instruction and output fields, e.g. "
                        + "--map instruction=question,output=answer");
            }
            return new Mapped(mapping.get("instruction"), mapping.get("input"), mapping.get("output"),
                    mapping.get("id"));
        }

        @Override
        public Parsed parse(JsonNode record) {
            return new Parsed(IngestFormat.instruction(record, instruction), List.of(new Instance(input == null ? ""
                    : text(record, input, false), text(record, output, true))), null,
                    id == null ? null : optional(record, id));
        }

        @Override
        public Source source() {
            return Source.HUMAN_DATASET;
        }

        @Override
        public String name() {
            return "jsonl";
        }
    }

    private static String text(JsonNode record, String field, boolean required) {
        JsonNode value = record.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw new BadRecordException("no '" + field + "' field");
            }
            return "";
        }
        if (!value.isTextual()) {
            throw new BadRecordException("'" + field + "' is " + value.getNodeType().name().toLowerCase(Locale.ROOT)
                    + ", not text");
        }
        return value.asText();
    }

    private static String instruction(JsonNode record, String field) {
        String text = text(record, field, true);
        if (text.isBlank()) {
            throw new BadRecordException("empty instruction ('" + field + "')");
        }
        return text;
    }

    private static String optional(JsonNode record, String field) {
        JsonNode value = record.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
