package dev.seedloop.responder;

import dev.seedloop.schemas.avro.Instance;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the output-first answer of a classification task, as Self-Instruct does: the text is split on
 * "Class label:"; in each part the first line is the label (the output) and the rest is its input. An answer
 * without any "Class label:" has no instance.
 */
final class ClassLabelParser {

    private static final Pattern LABEL = Pattern.compile("Class label\\s*:");
    private static final Pattern NEXT_TASK = Pattern.compile("(?m)^\\s*Task\\s*:");

    private ClassLabelParser() {
    }

    static List<Instance> parse(String content) {
        String text = content == null ? "" : content;
        Matcher nextTask = NEXT_TASK.matcher(text);
        if (nextTask.find()) {
            text = text.substring(0, nextTask.start());
        }
        String[] parts = LABEL.split(text, -1);
        List<Instance> instances = new ArrayList<>();
        for (int i = 1; i < parts.length; i++) {
            String part = parts[i].strip();
            int newline = part.indexOf('\n');
            String label = newline < 0 ? part : part.substring(0, newline).strip();
            String input = newline < 0 ? "" : part.substring(newline + 1).strip();
            instances.add(new Instance(input, label));
        }
        return instances;
    }
}
