package dev.seedloop.responder;

import dev.seedloop.schemas.avro.Instance;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads instances out of an answer to the input-first prompt, as Self-Instruct does: examples are separated by
 * "Example n" lines; in each, the text before "Output:" is the input (without its "Input:" label) and the text
 * after it is the output (up to any further "Input:"); without "Output:" the whole example is the output. Every
 * instance is returned, in order, cut-off and repeated ones included: the filter drops them, each with a reason.
 */
final class InstanceParser {

    private static final Pattern EXAMPLE = Pattern.compile("(?m)^\\s*(?:#+\\s*|\\*\\*)?Example\\s*\\d+\\s*[:.]?(?:\\*\\*)?\\s*$");
    private static final Pattern OUTPUT = Pattern.compile("Output\\s*\\d*\\s*:");
    private static final Pattern INPUT = Pattern.compile("Input\\s*\\d*\\s*:");
    private static final Pattern INPUT_LABEL = Pattern.compile("^Input\\s*\\d*\\s*:");
    private static final Pattern NEXT_TASK = Pattern.compile("(?m)^\\s*Task\\s*:");

    private InstanceParser() {
    }

    static List<Instance> parse(String content) {
        String text = content == null ? "" : content;
        Matcher nextTask = NEXT_TASK.matcher(text);
        if (nextTask.find()) {
            text = text.substring(0, nextTask.start());
        }
        List<Instance> instances = new ArrayList<>();
        for (String block : EXAMPLE.split(text)) {
            if (!block.isBlank()) {
                instances.add(instance(block.strip()));
            }
        }
        return instances;
    }

    private static Instance instance(String block) {
        String input;
        String output;
        Matcher outputLabel = OUTPUT.matcher(block);
        if (outputLabel.find()) {
            input = block.substring(0, outputLabel.start()).strip();
            output = block.substring(outputLabel.end()).strip();
        } else {
            input = "";
            output = block.strip();
        }
        Matcher anotherInput = INPUT.matcher(output);
        if (anotherInput.find()) {
            output = output.substring(0, anotherInput.start()).strip();
        }
        input = INPUT_LABEL.matcher(input).replaceFirst("").strip();
        return new Instance(input, output);
    }
}
