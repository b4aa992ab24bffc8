package dev.seedloop.tools.ingest;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.seedloop.schemas.avro.Instance;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the records of one NLP benchmark become instructions, the way FLAN and PromptSource do it: several
 * phrasings, each an instruction, input and output pattern over the record's fields, and a verbaliser that turns
 * the label into words. Records take the phrasings in turn, so every phrasing is used. The file format is
 * described in {@code docs/BENCHMARK_TEMPLATES.md}.
 *
 * @param fields     placeholder name to the record field it reads (a dotted path, {@code answers.text[0]});
 *                   a placeholder not listed reads the field of its own name
 * @param labels     the verbaliser: the {@code label} field's value to the answer's words; when given, a record
 *                   with any other label is refused
 * @param unlabelled label values that say a record has no gold label (SNLI's {@code -}: its annotators did not
 *                   agree); such a record is skipped and counted, not refused
 * @param format     {@code jsonl} or {@code tsv}; null to go by the file name
 */
public record BenchmarkTemplate(String name, String task, String dataset, String license, String format,
        Boolean classification, Map<String, String> fields, Map<String, String> labels, List<String> unlabelled,
        List<Phrasing> phrasings) {

    /** The templates shipped with seedloop, by name. */
    public static final List<String> SHIPPED = List.of("nli", "sentiment", "extractive-qa", "summarisation",
            "paraphrase");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z0-9_.\\[\\]-]+)}");
    private static final Pattern PATH_STEP = Pattern.compile("([^.\\[\\]]+)((?:\\[\\d+])*)");

    /** One way to ask: patterns with {@code {placeholder}}s; {@code {choices}} lists the verbaliser's answers. */
    public record Phrasing(String instruction, String input, String output) {
    }

    public BenchmarkTemplate {
        fields = fields == null ? Map.of() : Map.copyOf(fields);
        labels = labels == null ? Map.of() : new LinkedHashMap<>(labels);
        unlabelled = unlabelled == null ? List.of() : List.copyOf(unlabelled);
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a benchmark template needs a name");
        }
        if (phrasings == null || phrasings.isEmpty()) {
            throw new IllegalArgumentException("template " + name + " has no phrasings");
        }
        for (Phrasing phrasing : phrasings) {
            if (phrasing.instruction() == null || phrasing.instruction().isBlank() || phrasing.output() == null
                    || phrasing.output().isBlank()) {
                throw new IllegalArgumentException("template " + name
                        + ": every phrasing needs an instruction and an output");
            }
        }
        if (format != null && !List.of("jsonl", "tsv").contains(format)) {
            throw new IllegalArgumentException("template " + name + ": format is jsonl or tsv, not " + format);
        }
        phrasings = List.copyOf(phrasings);
    }

    /** A template file, or the shipped template of that name. */
    public static BenchmarkTemplate load(String nameOrPath) throws IOException {
        Path file = Path.of(nameOrPath);
        if (Files.isRegularFile(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                return parse(in, file.toString());
            }
        }
        try (InputStream in = BenchmarkTemplate.class.getResourceAsStream("/benchmark-templates/" + nameOrPath
                + ".yaml")) {
            if (in == null) {
                throw new IllegalArgumentException("no template file " + nameOrPath + " and no shipped template of "
                        + "that name; shipped: " + String.join(", ", SHIPPED));
            }
            return parse(in, nameOrPath);
        }
    }

    private static BenchmarkTemplate parse(InputStream in, String where) throws IOException {
        try {
            return YAML.readValue(in, BenchmarkTemplate.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("template " + where + " is not a benchmark template: "
                    + e.getOriginalMessage());
        }
    }

    /** Whether {@code file} is read as tab-separated values. */
    boolean tsv(Path file) {
        return format != null ? format.equals("tsv")
                : file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".tsv");
    }

    /** Record {@code position} of the file in phrasing {@code position mod n}. */
    IngestFormat.Parsed apply(JsonNode record, long position) {
        if (!unlabelled.isEmpty()) {
            String label = value(record, "label");
            if (unlabelled.contains(label)) {
                throw new SkippedRecordException("label '" + label + "': no gold label");
            }
        }
        Phrasing phrasing = phrasings.get((int) (position % phrasings.size()));
        String instruction = fill(phrasing.instruction(), record);
        if (instruction.isBlank()) {
            throw new BadRecordException("empty instruction from phrasing " + position % phrasings.size());
        }
        String output = fill(phrasing.output(), record);
        if (output.isBlank()) {
            throw new BadRecordException("empty output (no answer in the record)");
        }
        String input = phrasing.input() == null ? "" : fill(phrasing.input(), record);
        String id = fields.containsKey("id") || record.has("id") ? value(record, "id") : null;
        return new IngestFormat.Parsed(instruction.strip(), List.of(new Instance(input.strip(), output.strip())),
                classification, id);
    }

    private String fill(String pattern, JsonNode record) {
        Matcher matcher = PLACEHOLDER.matcher(pattern);
        StringBuilder filled = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1);
            String value;
            if (name.equals("choices")) {
                value = choices();
            } else if (name.equals("label") && !labels.isEmpty()) {
                String raw = value(record, "label");
                value = labels.get(raw);
                if (value == null) {
                    throw new BadRecordException("label '" + raw + "' is not in the verbaliser (" + labels.keySet()
                            + ")");
                }
            } else {
                value = value(record, name);
            }
            matcher.appendReplacement(filled, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(filled);
        return filled.toString();
    }

    private String choices() {
        List<String> words = new ArrayList<>(new java.util.LinkedHashSet<>(labels.values()));
        if (words.size() < 2) {
            return String.join("", words);
        }
        return String.join(", ", words.subList(0, words.size() - 1)) + " or " + words.get(words.size() - 1);
    }

    private String value(JsonNode record, String placeholder) {
        String path = fields.getOrDefault(placeholder, placeholder);
        JsonNode node = record;
        for (String step : path.split("\\.")) {
            Matcher matcher = PATH_STEP.matcher(step);
            if (!matcher.matches()) {
                throw new BadRecordException("bad field path '" + path + "' in the template");
            }
            node = node == null ? null : node.get(matcher.group(1));
            Matcher index = Pattern.compile("\\[(\\d+)]").matcher(matcher.group(2));
            while (index.find()) {
                node = node == null || !node.isArray() ? null : node.get(Integer.parseInt(index.group(1)));
            }
        }
        if (node == null || node.isNull() || node.isMissingNode()) {
            throw new BadRecordException("no '" + path + "' field");
        }
        if (node.isContainerNode()) {
            throw new BadRecordException("'" + path + "' is " + node.getNodeType().name().toLowerCase(Locale.ROOT)
                    + ", not a value");
        }
        return node.asText();
    }
}
