package dev.seedloop.responder;

import dev.seedloop.llm.Language;
import dev.seedloop.llm.LlmRequest;
import dev.seedloop.llm.PromptTemplate;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * The output stage's prompts in one language, read from {@code /prompts/<language>/}, with Self-Instruct's
 * decoding settings: the classification question at temperature 0 with 3 tokens, instances at temperature 0 with
 * 350 tokens (300 for classification tasks) and the stops Self-Instruct uses. Inside the few-shot prompts the
 * instruction is put on one line, so that its text cannot pose as another task or example.
 */
record ResponderPrompts(Language language, PromptTemplate classification, PromptTemplate inputFirst,
        PromptTemplate outputFirst, PromptTemplate respond, PromptTemplate qualityJudge) {

    static final String CLASSIFICATION = "classification-v1";
    static final String INPUT_FIRST = "instances-input-first-v1";
    static final String OUTPUT_FIRST = "instances-output-first-v1";
    static final String RESPOND = "respond-v1";
    static final String QUALITY_JUDGE = "quality-judge-v1";

    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final Map<Language, ResponderPrompts> LOADED = new EnumMap<>(Language.class);

    static synchronized ResponderPrompts of(Language language) {
        return LOADED.computeIfAbsent(language, chosen -> new ResponderPrompts(chosen,
                PromptTemplate.load(ResponderPrompts.class, chosen, CLASSIFICATION),
                PromptTemplate.load(ResponderPrompts.class, chosen, INPUT_FIRST),
                PromptTemplate.load(ResponderPrompts.class, chosen, OUTPUT_FIRST),
                PromptTemplate.load(ResponderPrompts.class, chosen, RESPOND),
                PromptTemplate.load(ResponderPrompts.class, chosen, QUALITY_JUDGE)));
    }

    LlmRequest isClassification(String instruction) {
        return new LlmRequest(classification.system(), classification.render(Map.of("instruction", oneLine(instruction))),
                List.of("\n", "Task"), OptionalDouble.of(0.0), OptionalInt.of(3));
    }

    /** Up to {@code maxInstances} examples: Self-Instruct stops at "Example {max+1}". */
    LlmRequest inputFirst(String instruction, int maxInstances) {
        return new LlmRequest(inputFirst.system(), inputFirst.render(Map.of("instruction", oneLine(instruction))),
                List.of("Example " + (maxInstances + 1), "Task:"), OptionalDouble.of(0.0), OptionalInt.of(350));
    }

    LlmRequest outputFirst(String instruction) {
        return new LlmRequest(outputFirst.system(), outputFirst.render(Map.of("instruction", oneLine(instruction))),
                List.of("Task:"), OptionalDouble.of(0.0), OptionalInt.of(300));
    }

    /** The instruction as the whole user message, at the configured temperature and token limit. */
    LlmRequest respond(String instruction) {
        return new LlmRequest(respond.system(), respond.render(Map.of("instruction", instruction)), List.of(),
                OptionalDouble.empty(), OptionalInt.empty());
    }

    LlmRequest judge(String instruction, String input, String output) {
        return new LlmRequest(qualityJudge.system(), qualityJudge.render(Map.of("instruction", instruction,
                "input", input, "output", output)), List.of(), OptionalDouble.of(0.0), OptionalInt.of(256));
    }

    static String oneLine(String text) {
        return WHITESPACE.matcher(text).replaceAll(" ").strip();
    }
}
