package dev.seedloop.responder;

import dev.seedloop.llm.Language;
import dev.seedloop.llm.LlmRequest;
import dev.seedloop.llm.PromptTemplate;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The responder's prompts in one language, read from {@code /prompts/<language>/}, with Self-Instruct's
 * decoding settings: the classification question at temperature 0 with 3 tokens, instances at temperature 0 with
 * 350 tokens (300 for classification tasks) and the stops Self-Instruct uses. Inside the few-shot prompts the
 * instruction is put on one line, so that its text cannot pose as another task or example.
 */
record ResponderPrompts(Language language, PromptTemplate classification, PromptTemplate inputFirst,
        PromptTemplate outputFirst, PromptTemplate respond, PromptTemplate qualityJudge, PromptTemplate sameTask) {

    static final String CLASSIFICATION = "classification-v1";
    static final String INPUT_FIRST = "instances-input-first-v1";
    static final String OUTPUT_FIRST = "instances-output-first-v1";
    static final String RESPOND = "respond-v1";
    static final String QUALITY_JUDGE = "quality-judge-v1";
    static final String SAME_TASK = "same-task-v1";

    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final Map<Language, ResponderPrompts> LOADED = new EnumMap<>(Language.class);

    static synchronized ResponderPrompts of(Language language) {
        return LOADED.computeIfAbsent(language, chosen -> new ResponderPrompts(chosen,
                PromptTemplate.load(ResponderPrompts.class, chosen, CLASSIFICATION),
                PromptTemplate.load(ResponderPrompts.class, chosen, INPUT_FIRST),
                PromptTemplate.load(ResponderPrompts.class, chosen, OUTPUT_FIRST),
                PromptTemplate.load(ResponderPrompts.class, chosen, RESPOND),
                PromptTemplate.load(ResponderPrompts.class, chosen, QUALITY_JUDGE),
                PromptTemplate.load(ResponderPrompts.class, chosen, SAME_TASK)));
    }

    LlmRequest isClassification(String instruction) {
        return classification.request(Map.of("instruction", oneLine(instruction)))
                .withStop(List.of("\n", "Task")).withTemperature(0.0).withMaxTokens(3);
    }

    /** Up to {@code maxInstances} examples: Self-Instruct stops at "Example {max+1}". */
    LlmRequest inputFirst(String instruction, int maxInstances) {
        return inputFirst.request(Map.of("instruction", oneLine(instruction)))
                .withStop(List.of("Example " + (maxInstances + 1), "Task:")).withTemperature(0.0).withMaxTokens(350);
    }

    LlmRequest outputFirst(String instruction) {
        return outputFirst.request(Map.of("instruction", oneLine(instruction)))
                .withStop(List.of("Task:")).withTemperature(0.0).withMaxTokens(300);
    }

    /** The instruction as the whole user message, at the configured temperature and token limit. */
    LlmRequest respond(String instruction) {
        return respond.request(Map.of("instruction", instruction));
    }

    LlmRequest judge(String instruction, String input, String output) {
        return qualityJudge.request(Map.of("instruction", instruction, "input", input, "output", output))
                .withTemperature(0.0).withMaxTokens(256);
    }

    /** Whether two instructions ask for the same task: Equal or Not Equal, at temperature 0. */
    LlmRequest sameTask(String first, String second) {
        return sameTask.request(Map.of("first", oneLine(first), "second", oneLine(second)))
                .withTemperature(0.0).withMaxTokens(4);
    }

    static String oneLine(String text) {
        return WHITESPACE.matcher(text).replaceAll(" ").strip();
    }
}
