package dev.seedloop.llm.simulated;

import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Answers the responder's other prompts: "Is it classification?", the output-first instance prompt of a
 * classification task, a direct answer to an instruction, and the quality judge's rating. A configured share of
 * direct answers is flawed the way Evol-Instruct's elimination rules expect (a short apology, only stop words, or
 * nothing), in turn.
 */
final class ResponseComposer {

    private static final List<String> CLASSIFICATION_CUES = List.of("classify", "classification", "whether",
            "detect if", "tell me if", "is it true", "true or false", "yes or no", "label", "categor", "identify the",
            "sentiment", "분류", "판별", "맞는지", "인지 아닌지");
    private static final List<List<String>> LABEL_SETS = List.of(List.of("Positive", "Negative"),
            List.of("Yes", "No"), List.of("True", "False"), List.of("Relevant", "Not relevant"),
            List.of("Spam", "Not spam"));
    private static final List<List<String>> KOREAN_LABEL_SETS = List.of(List.of("긍정", "부정"), List.of("예", "아니오"),
            List.of("참", "거짓"));

    private final SimulatedLlmConfig config;
    /** Flawed answers take turns (apology, stop words, nothing), so that even a few show every kind. */
    private final AtomicInteger flaws = new AtomicInteger();

    ResponseComposer(SimulatedLlmConfig config) {
        this.config = config;
    }

    static boolean looksLikeClassification(String task) {
        String lower = task.toLowerCase(Locale.ROOT);
        return CLASSIFICATION_CUES.stream().anyMatch(lower::contains);
    }

    String isClassification(String task) {
        return looksLikeClassification(task) ? " Yes" : " No";
    }

    /** "Class label: ..." lines, each followed by an input, for a classification task. */
    String classLabels(String task, Random random) {
        boolean korean = TextPieces.isMostlyHangul(task);
        List<String> labels = TextPieces.pick(korean ? KOREAN_LABEL_SETS : LABEL_SETS, random);
        StringBuilder answer = new StringBuilder();
        for (String label : labels) {
            String input = korean ? "문장: " + TextPieces.topic(task, random) + "에 관한 예시 문장입니다."
                    : "Sentence: " + TextPieces.capitalise(TextPieces.topic(task, random)) + " is discussed in "
                            + TextPieces.pick(List.of("a short review.", "a news story.", "an email.",
                                    "a forum post."), random);
            answer.append("Class label: ").append(label).append('\n').append(input).append('\n');
        }
        if (random.nextDouble() < config.badOutputShare()) {
            // The same input under two labels: Self-Instruct drops such a task.
            String[] lines = answer.toString().split("\n");
            answer.append("Class label: ").append(labels.get(1)).append('\n').append(lines[1]).append('\n');
        }
        return answer.toString().strip();
    }

    /** A direct answer to {@code instruction}, as a chat model would write it. */
    String respond(String instruction, Random random) {
        boolean korean = TextPieces.isMostlyHangul(instruction);
        if (random.nextDouble() < config.badOutputShare()) {
            return switch (Math.floorMod(flaws.getAndIncrement(), 3)) {
                case 0 -> korean ? "죄송하지만 그 요청은 도와드릴 수 없습니다."
                        : "I'm sorry, but I cannot help with that request as it is stated.";
                case 1 -> "It is what it is, and so on.";
                default -> "";
            };
        }
        String topic = TextPieces.topic(instruction, random);
        if (korean) {
            return topic + "에 대해 답변드리겠습니다. 먼저 핵심 개념을 정리하고, 다음으로 구체적인 예를 들어 단계별로 "
                    + "설명하겠습니다. 마지막으로 주의할 점과 추가로 살펴볼 자료를 안내합니다.";
        }
        return "Here is a careful answer about " + topic + ". First, " + TextPieces.capitalise(topic)
                + " " + TextPieces.pick(List.of("depends on context and practice.", "is easier with a plan.",
                        "benefits from concrete examples."), random)
                + " Second, it helps to work through one example step by step and check each step. Finally, "
                + "compare the result with an alternative approach and note the trade-offs.";
    }

    /** A rating from 0 to 5 on the first line and a reason below, as the AlpaGasus prompt asks. */
    String rate(String prompt, Random random) {
        int response = prompt.lastIndexOf("Response:");
        String output = response < 0 ? "" : prompt.substring(response + "Response:".length()).strip();
        int blank = output.indexOf("\n\n");
        output = blank < 0 ? output : output.substring(0, blank);
        double score;
        if (output.isBlank() || output.split("\\s+").length < 3) {
            score = 2.0;
        } else {
            score = TextPieces.pick(List.of(3.5, 4.0, 4.5, 4.5, 5.0), random);
        }
        return String.format(Locale.ROOT, "%.1f%nThe response %s the instruction%s.", score,
                score >= 4.5 ? "accurately follows" : score >= 3.5 ? "mostly follows" : "barely addresses",
                score >= 4.5 ? " and uses the input where needed" : ", but it misses details");
    }
}
