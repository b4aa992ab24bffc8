package dev.seedloop.filter.contamination;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.seedloop.runtime.config.ConfigException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The evaluation sets the contamination check knows: four shipped with seedloop (test splits copied byte for byte,
 * each with its licence notice beside it under {@code eval/}), and any JSON lines file named by its path. A file
 * needs no schema: every string value of a record is eval text. Every way a set can be unusable (missing, empty,
 * not JSON lines, too large, named twice, unknown) is an error naming the file and the line, never an empty set,
 * which would let everything through.
 */
public final class EvalSets {

    /** The shipped sets, by name: what each is. */
    public static final Map<String, String> SHIPPED = Map.of(
            "gsm8k", "GSM8K test split: 1,319 grade-school maths problems with worked answers (MIT, OpenAI)",
            "humaneval", "HumanEval: 164 Python problems with canonical solutions and tests (MIT, OpenAI)",
            "mt-bench", "MT-Bench: 80 two-turn questions, some with reference answers (Apache-2.0, LMSYS)",
            "vicuna-bench", "Vicuna benchmark: 80 questions (Apache-2.0, LMSYS)");
    /** Every shipped set, in a fixed order: the default. */
    public static final List<String> ALL_SHIPPED = List.of("gsm8k", "humaneval", "mt-bench", "vicuna-bench");
    /**
     * The largest eval file read: the biggest public test splits are a few megabytes (MMLU's 14,042 questions with
     * their choices: about 8 MB), and every n-gram of a set is held in memory (about 40 bytes each), so 32 MiB of
     * text keeps the index within a few hundred megabytes; a larger file is more likely a training set named by
     * mistake.
     */
    public static final long MAX_BYTES = 32L * 1024 * 1024;

    private static final List<String> ID_FIELDS = List.of("id", "task_id", "question_id", "key");
    private static final ObjectMapper JSON = new ObjectMapper();

    private EvalSets() {
    }

    /**
     * The sets {@code names} name, in order: a shipped set's name, or the path of a JSON lines file (a name with a
     * {@code /} or ending {@code .jsonl}).
     */
    public static List<EvalSet> load(List<String> names) {
        if (names.isEmpty()) {
            throw new ConfigException("no eval set named: name shipped sets (" + String.join(", ", ALL_SHIPPED)
                    + ") or JSON lines files by path");
        }
        List<EvalSet> sets = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String raw : names) {
            String name = raw.trim();
            EvalSet set = isPath(name) ? file(Path.of(name)) : shipped(name);
            if (!seen.add(set.name())) {
                throw new ConfigException("eval set " + set.name() + " is named twice (" + set.origin() + "): name "
                        + "each set once");
            }
            sets.add(set);
        }
        return List.copyOf(sets);
    }

    /** Whether {@code name} names a file rather than a shipped set. */
    public static boolean isPath(String name) {
        return name.contains("/") || name.contains("\\") || name.toLowerCase(Locale.ROOT).endsWith(".jsonl");
    }

    /** A shipped set. */
    public static EvalSet shipped(String name) {
        if (!SHIPPED.containsKey(name)) {
            throw new ConfigException("unknown eval set '" + name + "': the shipped sets are "
                    + String.join(", ", ALL_SHIPPED) + "; name a file of your own by its path (ending .jsonl)");
        }
        String resource = "/eval/" + name + ".jsonl";
        try (InputStream in = EvalSets.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the shipped eval set " + name + " is missing from the class path ("
                        + resource + ")");
            }
            return read(name, "shipped " + resource, in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A set read from a JSON lines file; its name is the file's name without {@code .jsonl}. */
    public static EvalSet file(Path path) {
        String fileName = path.getFileName() == null ? path.toString() : path.getFileName().toString();
        String name = fileName.toLowerCase(Locale.ROOT).endsWith(".jsonl")
                ? fileName.substring(0, fileName.length() - ".jsonl".length()) : fileName;
        if (!Files.isRegularFile(path)) {
            throw new ConfigException("eval set file " + path + " does not exist or is not a file");
        }
        try {
            long size = Files.size(path);
            if (size > MAX_BYTES) {
                throw new ConfigException("eval set file " + path + " holds " + size + " bytes, more than the "
                        + MAX_BYTES / (1024 * 1024) + " MiB an eval set may hold (test splits are a few MB; is it "
                        + "a training set?)");
            }
            try (InputStream in = Files.newInputStream(path)) {
                return read(name, path.toString(), in);
            }
        } catch (IOException e) {
            throw new ConfigException("eval set file " + path + " cannot be read: " + e.getMessage());
        }
    }

    /** The set of JSON lines {@code in} holds; {@code origin} names it in errors. */
    static EvalSet read(String name, String origin, InputStream in) throws IOException {
        List<EvalSet.Item> items = new ArrayList<>();
        long bytes = 0;
        MessageDigest digest = sha256();
        BufferedReader reader = new BufferedReader(new InputStreamReader(new DigestInputStream(in, digest),
                StandardCharsets.UTF_8));
        String line;
        int number = 0;
        while ((line = reader.readLine()) != null) {
            number++;
            bytes += line.length() + 1;
            if (bytes > MAX_BYTES) {
                throw new ConfigException("eval set " + origin + " is larger than " + MAX_BYTES / (1024 * 1024)
                        + " MiB at line " + number);
            }
            if (line.isBlank()) {
                continue;
            }
            JsonNode record;
            try {
                record = JSON.readTree(line);
            } catch (JsonProcessingException e) {
                throw new ConfigException("eval set " + origin + ", line " + number + ", is not JSON: "
                        + e.getOriginalMessage() + " (an eval set is JSON lines: one object per line)");
            }
            if (record == null || !record.isObject()) {
                throw new ConfigException("eval set " + origin + ", line " + number + ", is not a JSON object "
                        + "(an eval set is JSON lines: one object per line)");
            }
            String id = "line " + number;
            String idField = null;
            for (String field : ID_FIELDS) {
                JsonNode value = record.get(field);
                if (value != null && value.isValueNode() && !value.asText().isBlank()) {
                    id = value.asText();
                    idField = field;
                    break;
                }
            }
            List<String> texts = new ArrayList<>();
            final String skip = idField;
            record.fields().forEachRemaining(field -> {
                if (!field.getKey().equals(skip)) {
                    strings(field.getValue(), texts);
                }
            });
            items.add(new EvalSet.Item(id, texts));
        }
        if (items.isEmpty()) {
            throw new ConfigException("eval set " + origin + " is empty: it holds no JSON record");
        }
        return new EvalSet(name, origin, HexFormat.of().formatHex(digest.digest(), 0, 6), items);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static void strings(JsonNode node, List<String> texts) {
        if (node.isTextual()) {
            texts.add(node.asText());
        } else if (node.isContainerNode()) {
            node.elements().forEachRemaining(child -> strings(child, texts));
        }
    }
}
