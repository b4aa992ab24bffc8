package dev.seedloop.generator.method;

import dev.seedloop.generator.Demonstration;
import dev.seedloop.llm.LlmRequest;
import dev.seedloop.llm.PromptTemplate;
import java.util.List;
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

    static LlmRequest render(PromptTemplate template, List<Demonstration> demonstrations) {
        return render(template, template.user(), demonstrations);
    }

    /** As {@link #render(PromptTemplate, List)}, under {@code header} (the template's user text, rendered). */
    static LlmRequest render(PromptTemplate template, String header, List<Demonstration> demonstrations) {
        StringBuilder user = new StringBuilder(header).append('\n');
        int number = 1;
        for (Demonstration demonstration : demonstrations) {
            user.append(number++).append(". ").append(oneLine(demonstration.instruction())).append('\n');
        }
        user.append(number).append('.');
        return template.request(user.toString()).withStop(STOP);
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
