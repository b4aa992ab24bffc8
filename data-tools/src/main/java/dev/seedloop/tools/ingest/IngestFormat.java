package dev.seedloop.tools.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.seedloop.schemas.avro.Instance;
import dev.seedloop.schemas.avro.Source;
import dev.seedloop.schemas.avro.Turn;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * How one record of a human-written dataset becomes an instruction with its instances. Each format names the
 * fields it needs; a record without them is refused with the reason, never guessed at.
 */
public sealed interface IngestFormat {

    /** The names {@link #named} knows. */
    List<String> NAMES = List.of("self-instruct", "alpaca", "dolly", "sharegpt", "jsonl", "stackexchange",
            "benchmark");

    /** A format that needs no template: all but {@code benchmark}; Stack Exchange posts scored 1 or more. */
    static IngestFormat named(String name, Map<String, String> mapping) {
        return named(name, mapping, null, 1);
    }

    /**
     * The formats by their command-line names; {@code jsonl} needs a field mapping, {@code benchmark} a template,
     * {@code stackexchange} its minimum score.
     */
    static IngestFormat named(String name, Map<String, String> mapping, BenchmarkTemplate template, int minScore) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "self-instruct" -> new SelfInstruct();
            case "alpaca" -> new Alpaca();
            case "dolly" -> new Dolly();
            case "sharegpt" -> new ShareGpt();
            case "jsonl" -> Mapped.of(mapping);
            case "stackexchange" -> new StackExchange(minScore);
            case "benchmark" -> {
                if (template == null) {
                    throw new IllegalArgumentException("--format benchmark needs --template (a template file or "
                            + "one of the shipped tasks: " + String.join(", ", BenchmarkTemplate.SHIPPED) + ")");
                }
                yield new Benchmark(template);
            }
            default -> throw new IllegalArgumentException("unknown format '" + name + "'; known: "
                    + String.join(", ", NAMES));
        };
    }

    /**
     * The examples one record holds, or {@link BadRecordException} saying why it holds none.
     *
     * @param position the record's place among the file's readable records, from 0
     */
    List<Parsed> parse(JsonNode record, long position);

    /** Reads the file's records in order: JSON lines or a JSON array unless the format says otherwise. */
    default void read(Path file, Consumer<RecordReader.Item> items) throws IOException {
        RecordReader.read(file, items);
    }

    /** What the entries of this format are. */
    Source source();

    String name();

    /** The dataset's name when the format knows it better than the file name (a benchmark template's dataset). */
    default String datasetName() {
        return null;
    }

    /** The dataset's licence when the format knows it. */
    default String license() {
        return null;
    }

    /**
     * One example: an instruction with its instances; for a later turn of a conversation, the turns before it.
     */
    record Parsed(String instruction, List<Instance> instances, Boolean classification, String recordId,
            List<Turn> conversation, String license) {

        Parsed(String instruction, List<Instance> instances, Boolean classification, String recordId) {
            this(instruction, instances, classification, recordId, List.of(), null);
        }

        List<Parsed> only() {
            return List.of(this);
        }
    }

    /** Self-Instruct's seed tasks: {@code instruction}, {@code instances[{input, output}]}, {@code is_classification}. */
    record SelfInstruct() implements IngestFormat {
        @Override
        public List<Parsed> parse(JsonNode record, long position) {
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
                    : classification.asBoolean(), optional(record, "id")).only();
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
        public List<Parsed> parse(JsonNode record, long position) {
            return new Parsed(instruction(record, "instruction"), List.of(new Instance(text(record, "input", false),
                    text(record, "output", true))), null, null).only();
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
        public List<Parsed> parse(JsonNode record, long position) {
            String category = optional(record, "category");
            return new Parsed(instruction(record, "instruction"), List.of(new Instance(text(record, "context", false),
                    text(record, "response", true))), category == null ? null : category.equals("classification"),
                    null).only();
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
        public List<Parsed> parse(JsonNode record, long position) {
            return new Parsed(IngestFormat.instruction(record, instruction), List.of(new Instance(input == null ? ""
                    : text(record, input, false), text(record, output, true))), null,
                    id == null ? null : optional(record, id)).only();
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

    /**
     * ShareGPT conversations: {@code conversations[{from, value}]}. Every human turn answered by the next turn
     * becomes an example; a later turn keeps the turns before it as its conversation. A system turn is context.
     */
    record ShareGpt() implements IngestFormat {
        @Override
        public List<Parsed> parse(JsonNode record, long position) {
            JsonNode turns = record.get("conversations");
            if (turns == null || !turns.isArray()) {
                turns = record.get("conversation");
            }
            if (turns == null || !turns.isArray()) {
                throw new BadRecordException("no 'conversations' array");
            }
            String id = optional(record, "id");
            List<Turn> before = new ArrayList<>();
            List<Parsed> examples = new ArrayList<>();
            for (int i = 0; i < turns.size(); i++) {
                JsonNode turn = turns.get(i);
                if (!turn.isObject()) {
                    throw new BadRecordException("turn " + i + " is not an object");
                }
                String role = role(text(turn, "from", true), i);
                String value = text(turn, "value", true);
                JsonNode next = i + 1 < turns.size() ? turns.get(i + 1) : null;
                if (role.equals("user") && !value.isBlank() && next != null && next.isObject()
                        && role(text(next, "from", true), i + 1).equals("assistant")
                        && !text(next, "value", true).isBlank()) {
                    String answer = text(next, "value", true);
                    examples.add(new Parsed(value, List.of(new Instance("", answer)), null,
                            (id == null ? "" : id) + "#" + examples.size(), List.copyOf(before), null));
                    before.add(new Turn("user", value));
                    before.add(new Turn("assistant", answer));
                    i++;
                    continue;
                }
                before.add(new Turn(role, value));
            }
            if (examples.isEmpty()) {
                throw new BadRecordException("no human turn followed by an answer");
            }
            return examples;
        }

        private static String role(String from, int index) {
            return switch (from.toLowerCase(Locale.ROOT)) {
                case "human", "user" -> "user";
                case "gpt", "chatgpt", "bard", "bing", "assistant", "model" -> "assistant";
                case "system" -> "system";
                default -> throw new BadRecordException("turn " + index + " is from '" + from
                        + "', not human, gpt or system");
            };
        }

        @Override
        public Source source() {
            return Source.HUMAN_DATASET;
        }

        @Override
        public String name() {
            return "sharegpt";
        }
    }

    /**
     * A Stack Exchange data dump's {@code Posts.xml}: each question with its accepted answer, both scored at least
     * {@code minScore}. The title is the instruction, the question's body its input, the answer the output; HTML
     * becomes plain text with code blocks kept.
     */
    record StackExchange(int minScore) implements IngestFormat {
        @Override
        public void read(Path file, Consumer<RecordReader.Item> items) throws IOException {
            StackExchangePosts.read(file, minScore, items);
        }

        @Override
        public List<Parsed> parse(JsonNode record, long position) {
            return List.of(new Parsed(instruction(record, "title"), List.of(new Instance(text(record, "question",
                    false), text(record, "answer", true))), null, optional(record, "id"), List.of(),
                    optional(record, "license")));
        }

        @Override
        public Source source() {
            return Source.HUMAN_DATASET;
        }

        @Override
        public String name() {
            return "stackexchange";
        }
    }

    /** An NLP benchmark's records turned into instructions by a {@link BenchmarkTemplate}. */
    record Benchmark(BenchmarkTemplate template) implements IngestFormat {
        @Override
        public void read(Path file, Consumer<RecordReader.Item> items) throws IOException {
            RecordReader.read(file, items, template.tsv(file));
        }

        @Override
        public List<Parsed> parse(JsonNode record, long position) {
            return template.apply(record, position).only();
        }

        @Override
        public Source source() {
            return Source.BENCHMARK_TEMPLATE;
        }

        @Override
        public String name() {
            return "benchmark";
        }

        @Override
        public String datasetName() {
            return template.dataset();
        }

        @Override
        public String license() {
            return template.license();
        }
    }

    static String text(JsonNode record, String field, boolean required) {
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

    static String instruction(JsonNode record, String field) {
        String text = text(record, field, true);
        if (text.isBlank()) {
            throw new BadRecordException("empty instruction ('" + field + "')");
        }
        return text;
    }

    static String optional(JsonNode record, String field) {
        JsonNode value = record.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
