package dev.seedloop.generator;

import dev.seedloop.runtime.llm.LlmRequest;
import dev.seedloop.runtime.llm.PromptTemplate;
import java.util.List;
import java.util.OptionalDouble;
import java.util.regex.Pattern;

/**
 * Self-Instruct's task-generation prompt: "Come up with a series of tasks:", the demonstrations numbered 1..n, one
 * per line (whitespace collapsed, a trailing colon removed, as Self-Instruct does), and "n+1." for the model to
 * continue. The text lives in a versioned resource file.
 */
final class SelfInstructPrompt {

    /** Recorded in every candidate's provenance. */
    static final String VERSION = "self-instruct-generate-v1";

    /** Self-Instruct stops the list before item 16. */
    static final List<String> STOP = List.of("\n16", "16.", "16 .");

    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private final String system;
    private final String header;

    private SelfInstructPrompt(String system, String header) {
        this.system = system;
        this.header = header;
    }

    static SelfInstructPrompt load() {
        PromptTemplate template = PromptTemplate.load(SelfInstructPrompt.class, "/prompts/self-instruct/generate-v1.txt");
        return new SelfInstructPrompt(template.system(), template.user());
    }

    LlmRequest render(List<Demo> demos) {
        StringBuilder user = new StringBuilder(header).append('\n');
        int number = 1;
        for (Demo demo : demos) {
            user.append(number++).append(". ").append(oneLine(demo.instruction())).append('\n');
        }
        user.append(number).append('.');
        return new LlmRequest(system, user.toString(), STOP, OptionalDouble.empty());
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
