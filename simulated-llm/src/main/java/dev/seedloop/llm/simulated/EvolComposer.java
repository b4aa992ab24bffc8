package dev.seedloop.llm.simulated;

import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Answers Evol-Instruct's prompts: the in-depth rewriter (the given prompt with one more requirement, by the
 * method named), the in-breadth creator (a new instruction of the same domain), and the equality judgement. A
 * configured share of rewrites copies the original (no information gain) and another leaks the prompt's own words, so
 * that the elimination rules have work.
 */
final class EvolComposer {

    private static final List<String> ADDITIONS = List.of(" Explain your reasoning step by step.",
            " Limit the answer to three sentences and cite one source.", " Consider at least two different cases.",
            " Present the result as a table with a short justification for each row.",
            " Also describe one common mistake and how to avoid it.");
    private static final List<String> KOREAN_ADDITIONS = List.of(" 단계별로 추론 과정을 설명하세요.",
            " 답을 세 문장 이내로 쓰고 근거를 하나 제시하세요.", " 적어도 두 가지 경우를 비교하세요.");

    private final SimulatedLlmConfig config;
    private final InstructionComposer instructions;

    EvolComposer(SimulatedLlmConfig config, InstructionComposer instructions) {
        this.config = config;
        this.instructions = instructions;
    }

    /** The text between {@code start} and {@code end} markers of the prompt. */
    static String between(String prompt, String start, String end) {
        int from = prompt.lastIndexOf(start);
        if (from < 0) {
            return "";
        }
        String rest = prompt.substring(from + start.length());
        int to = rest.lastIndexOf(end);
        return (to < 0 ? rest : rest.substring(0, to)).strip();
    }

    String rewrite(String given, Random random) {
        boolean korean = TextPieces.isMostlyHangul(given);
        double roll = random.nextDouble();
        if (roll < config.nearDuplicateShare() / 2) {
            return given;
        }
        if (roll < config.nearDuplicateShare()) {
            return given.endsWith(".") ? given.substring(0, given.length() - 1) + " please." : given + " Please.";
        }
        String evolved = given + TextPieces.pick(korean ? KOREAN_ADDITIONS : ADDITIONS, random);
        if (roll < config.nearDuplicateShare() + config.junkShare() / 2) {
            return (korean ? "#다시 쓴 프롬프트#: " : "#Rewritten Prompt#: ") + evolved;
        }
        return evolved;
    }

    String create(String given, Random random) {
        if (random.nextDouble() < config.junkShare() / 2) {
            return "Created Prompt: " + instructions.compose(List.of(given), 1, random).get(0);
        }
        return instructions.compose(List.of(given), 1, random).get(0);
    }

    /** "Equal" when the second prompt adds nothing but politeness and punctuation to the first. */
    static String equality(String first, String second) {
        return normalise(first).equals(normalise(second)) ? "Equal" : "Not Equal";
    }

    private static String normalise(String text) {
        return text.toLowerCase(Locale.ROOT).replace("please", "").replaceAll("[\\p{Punct}\\s]+", " ").strip();
    }
}
