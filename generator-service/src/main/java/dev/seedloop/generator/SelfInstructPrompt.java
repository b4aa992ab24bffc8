package dev.seedloop.generator;

import dev.seedloop.llm.LlmRequest;
import dev.seedloop.llm.PromptTemplate;
import java.util.List;
import java.util.OptionalDouble;
import java.util.regex.Pattern;

/**
 * Self-Instruct's task-generation prompt: the header ("Come up with a series of tasks:"), the demonstrations
 * numbered 1..n, one per line (whitespace collapsed, a trailing colon removed, as Self-Instruct does), and "n+1."
 * for the model to continue.
 */
final class SelfInstructPrompt {

    /** Self-Instruct stops the list before item 16. */
    static final List<String> STOP = List.of("\n16", "16.", "16 .");

    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private SelfInstructPrompt() {
    }

    static LlmRequest render(PromptTemplate template, List<Demo> demos) {
        StringBuilder user = new StringBuilder(template.user()).append('\n');
        int number = 1;
        for (Demo demo : demos) {
            user.append(number++).append(". ").append(oneLine(demo.instruction())).append('\n');
        }
        user.append(number).append('.');
        return new LlmRequest(template.system(), user.toString(), STOP, OptionalDouble.empty());
    }

    /** One line per demonstration, so pool text can never add or renumber items of the list. */
    static String oneLine(String instruction) {
        String line = WHITESPACE.matcher(instruction).replaceAll(" ").strip();
        while (line.endsWith(":")) {
            line = line.substring(0, line.length() - 1).stripTrailing();
        }
        return line;
    }
}
