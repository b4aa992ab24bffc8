package dev.seedloop.llm.simulated;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Answers the responder's other prompts: "Is it classification?", the output-first instance prompt of a
 * classification instruction, a direct answer to an instruction, and the quality judge's rating. A configured share of
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

    static boolean looksLikeClassification(String instruction) {
        Optional<InstructionGrammar.Instruction> read = InstructionGrammar.of(instruction).read(instruction);
        if (read.isPresent()) {
            return read.get().form().classification();
        }
        String lower = instruction.toLowerCase(Locale.ROOT);
        return CLASSIFICATION_CUES.stream().anyMatch(lower::contains);
    }

    String isClassification(String instruction) {
        return looksLikeClassification(instruction) ? " Yes" : " No";
    }

    /**
     * "Class label: ..." lines, each followed by an input, for a classification instruction: for an instruction the
     * grammar wrote, every label of its own label set with an input of that label from its bank; for another, a common
     * label set.
     */
    String classLabels(String instruction, Random random) {
        InstructionGrammar grammar = InstructionGrammar.of(instruction);
        Optional<InstructionGrammar.Instruction> read = grammar.read(instruction);
        StringBuilder answer = new StringBuilder();
        List<String> labels;
        String firstInput = null;
        if (read.isPresent() && read.get().form().classification()) {
            labels = read.get().form().labels() != null ? read.get().form().labels()
                    : read.get().subjects().stream().map(InstructionGrammar.Subject::name).toList();
            for (String label : labels) {
                String input = AnswerWriter.inputWithLabel(grammar, read.get(), label, random).orElse("");
                firstInput = firstInput == null ? input : firstInput;
                // the output as the instruction asks for it: the label, with its reason when the instruction wants one
                answer.append("Class label: ").append(AnswerWriter.output(grammar, read.get(), input, random))
                        .append('\n').append(input).append('\n');
            }
        } else {
            boolean korean = grammar.isKorean();
            labels = TextPieces.pick(korean ? KOREAN_LABEL_SETS : LABEL_SETS, random);
            List<InstructionGrammar.Item> sentences = grammar.inputs("fact-opinion");
            for (String label : labels) {
                String input = (korean ? "문장: " : "Sentence: ") + TextPieces.pick(sentences, random).text();
                firstInput = firstInput == null ? input : firstInput;
                answer.append("Class label: ").append(label).append('\n').append(input).append('\n');
            }
        }
        if (random.nextDouble() < config.badOutputShare()) {
            // The same input under two labels: Self-Instruct drops such an instruction.
            answer.append("Class label: ").append(shown(grammar, labels.get(1))).append('\n').append(firstInput)
                    .append('\n');
        }
        return answer.toString().strip();
    }

    private static String shown(InstructionGrammar grammar, String label) {
        return grammar.isKorean() ? label : TextPieces.capitalise(label.replaceFirst("^(a|an) ", ""));
    }

    /**
     * A direct answer to {@code instruction}, as a chat model would write it: the grammar's answer for an instruction
     * it wrote (asking for the text when the instruction needs an input it was not given), a general answer otherwise.
     */
    String respond(String instruction, Random random) {
        InstructionGrammar grammar = InstructionGrammar.of(instruction);
        boolean korean = grammar.isKorean();
        if (random.nextDouble() < config.badOutputShare()) {
            return switch (Math.floorMod(flaws.getAndIncrement(), 3)) {
                case 0 -> korean ? "죄송하지만 그 요청은 도와드릴 수 없습니다."
                        : "I'm sorry, but I cannot help with that request as it is stated.";
                case 1 -> "It is what it is, and so on.";
                default -> "";
            };
        }
        Optional<InstructionGrammar.Instruction> read = grammar.read(instruction);
        if (read.isEmpty()) {
            return AnswerWriter.general(korean);
        }
        if (read.get().form().input() != null && !AnswerWriter.MADE_INPUTS.contains(read.get().form().input())) {
            return korean ? "요청하신 작업을 하려면 대상이 되는 글이 필요합니다. 글을 보내 주시면 바로 처리하겠습니다."
                    : "To do this I need the text itself. Please paste it, and I will get straight to it.";
        }
        return AnswerWriter.instance(grammar, read.get(), random).output();
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
