package dev.seedloop.responder;

import dev.seedloop.runtime.llm.LlmRequest;
import dev.seedloop.runtime.llm.PromptTemplate;
import java.util.List;
import java.util.OptionalDouble;
import java.util.regex.Pattern;

/**
 * Self-Instruct's input-first instance prompt: worked examples of tasks with "Example n / Input / Output", then
 * the task to answer, on one line so that its text cannot pose as another example or task.
 */
final class InputFirstPrompt {

    /** Recorded in every example's provenance. */
    static final String VERSION = "self-instruct-instances-input-first-v1";

    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private final PromptTemplate template;

    private InputFirstPrompt(PromptTemplate template) {
        this.template = template;
    }

    static InputFirstPrompt load() {
        return new InputFirstPrompt(PromptTemplate.load(InputFirstPrompt.class,
                "/prompts/self-instruct/instances-input-first-v1.txt"));
    }

    LlmRequest render(String instruction) {
        String task = WHITESPACE.matcher(instruction).replaceAll(" ").strip();
        // Stop before the model starts inventing the next task.
        return new LlmRequest(template.system(), template.user().replace("{task}", task), List.of("\nTask:"),
                OptionalDouble.empty());
    }
}
