package dev.seedloop.llm.simulated;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Writes "Example n / Input / Output" instances for the task an instance prompt ends with: an input when the
 * task refers to one, an output built from the task's own words, and a configured share of bad instances
 * (empty output, output equal to the input, a trailing colon) for the instance rules to catch.
 */
final class InstanceComposer {

    private static final List<String> INPUT_CUES = List.of("following", "given", "this", "these", "below",
            "sentence", "paragraph", "text", "list", "items", "다음", "주어진");
    private static final List<String> SAMPLE_INPUTS = List.of(
            "The city council approved a new plan to add bike lanes on five major streets next spring.",
            "Apples, bananas, carrots, spinach, cherries, broccoli",
            "I have been feeling tired every afternoon even though I sleep eight hours.",
            "Our team missed the deadline because the requirements changed twice last week.",
            "The museum opens at 9 a.m. and tickets cost 12 dollars for adults.");
    private static final List<String> OPENINGS = List.of("Here is a clear answer.", "A good response is below.",
            "In short:", "Consider the following points.");

    private final SimulatedLlmConfig config;

    InstanceComposer(SimulatedLlmConfig config) {
        this.config = config;
    }

    /**
     * The answer for the task {@code task}: one to three examples, a configured share of them bad (for the
     * instance rules) or repeated, and a configured share of answers cut off mid-example (finish_reason=length).
     */
    SimulatedLlmServer.Answer compose(String task, Random random) {
        boolean needsInput = INPUT_CUES.stream().anyMatch(cue -> task.toLowerCase(Locale.ROOT).contains(cue));
        int examples = 1 + (random.nextInt(4) == 0 ? 1 : 0) + (random.nextInt(8) == 0 ? 1 : 0);
        StringBuilder answer = new StringBuilder();
        String previousInput = null;
        String previousOutput = null;
        for (int i = 1; i <= examples; i++) {
            String input = needsInput ? TextPieces.pick(SAMPLE_INPUTS, random) : "";
            String output = output(task, input, random);
            if (i > 1 && random.nextDouble() < config.badOutputShare()) {
                input = previousInput;
                output = previousOutput;
            } else if (random.nextDouble() < config.badOutputShare()) {
                switch (random.nextInt(3)) {
                    case 0 -> output = "";
                    case 1 -> {
                        input = input.isEmpty() ? "Answer:" : input;
                        output = input;
                    }
                    default -> output = "The answer is as follows:";
                }
            }
            answer.append("Example ").append(i).append('\n');
            answer.append("Input: ").append(input).append('\n');
            answer.append("Output: ").append(output).append("\n\n");
            previousInput = input;
            previousOutput = output;
        }
        String text = answer.toString().strip();
        if (random.nextDouble() < config.truncatedShare()) {
            return new SimulatedLlmServer.Answer(text.substring(0, Math.max(1, text.length() - 1 - random.nextInt(
                    Math.max(1, Math.min(40, text.length() / 3))))), "length");
        }
        return new SimulatedLlmServer.Answer(text, "stop");
    }

    private static String output(String task, String input, Random random) {
        if (TextPieces.isMostlyHangul(task)) {
            return "요청하신 내용에 대한 답변입니다: " + TextPieces.topic(task, random) + "에 대해 핵심을 정리하면, "
                    + "먼저 목적을 분명히 하고 구체적인 예를 들어 설명하는 것이 좋습니다.";
        }
        List<String> points = new ArrayList<>();
        for (int i = 0; i < 2 + random.nextInt(2); i++) {
            points.add(TextPieces.capitalise(TextPieces.topic(task, random)) + " "
                    + TextPieces.pick(List.of("depends on context and practice.", "is easier with a plan.",
                            "benefits from concrete examples.", "should be checked step by step.",
                            "is worth comparing with alternatives."), random));
        }
        String opening = TextPieces.pick(OPENINGS, random);
        String reference = input.isEmpty() ? "" : " Based on the input, the key detail is \""
                + TextPieces.topic(input, random) + "\".";
        return opening + reference + " " + String.join(" ", points);
    }
}
