package dev.seedloop.llm.simulated;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Writes new instructions the way a generation prompt asks for them, in the language of the demonstrations it was
 * shown: mostly new instructions from the {@link InstructionGrammar}; a configured share of rewordings or copies of a
 * demonstration (the near-duplicates the filters must catch); and a configured share that break one of the instruction
 * rules (too short, too long, a blacklisted word, "Write a program", a reference to an attachment, a leading
 * punctuation mark).
 */
final class InstructionComposer {

    private final SimulatedLlmConfig config;

    InstructionComposer(SimulatedLlmConfig config) {
        this.config = config;
    }

    /** Between one and {@code maxItems} new instructions for a prompt showing {@code demos}. */
    List<String> compose(List<String> demos, int maxItems, Random random) {
        return compose(demos, maxItems, false, random);
    }

    /** As {@link #compose(List, int, Random)}, classification instructions only when {@code classification}. */
    List<String> compose(List<String> demos, int maxItems, boolean classification, Random random) {
        InstructionGrammar grammar = demos.stream().filter(TextPieces::isMostlyHangul).count() * 2 > demos.size()
                ? InstructionGrammar.korean() : InstructionGrammar.english();
        int count = Math.max(1, Math.min(maxItems, 4 + random.nextInt(5)));
        List<String> instructions = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            double roll = random.nextDouble();
            if (roll < config.nearDuplicateShare() && !demos.isEmpty()) {
                instructions.add(reword(grammar, demos, random));
            } else if (roll < config.nearDuplicateShare() + config.junkShare()) {
                instructions.add(junk(grammar, random));
            } else {
                instructions.add(grammar.compose(classification, random).text());
            }
        }
        return instructions;
    }

    /**
     * Alpaca's batch answer: instructions numbered from {@code next}, each with "N. Instruction:", "N. Input:" and
     * "N. Output:", separated by "###"; the answer continues the prompt's last "N. Instruction:".
     */
    String alpacaBatch(List<String> demos, int next, Random random) {
        List<String> instructions = compose(demos, 20 - next, random);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < instructions.size(); i++) {
            int number = next + i;
            if (i > 0) {
                text.append("\n###\n").append(number).append(". Instruction:");
            }
            AnswerWriter.Instance instance = AnswerWriter.instance(instructions.get(i), random);
            text.append(' ').append(instructions.get(i)).append('\n')
                    .append(number).append(". Input:\n").append(instance.input().isEmpty() ? "<noinput>"
                            : instance.input()).append('\n')
                    .append(number).append(". Output:\n").append(instance.output());
        }
        return text.toString();
    }

    /**
     * A demonstration copied (one in five), or with its verb swapped for another ("Write" for "Compose",
     * "설명하세요" for "설명해 주세요"): one word of many changed, so ROUGE-L against it stays high. A demonstration with
     * no verb the grammar knows is copied.
     */
    static String reword(InstructionGrammar grammar, List<String> demos, Random random) {
        List<String> rewordable = demos.stream().filter(demo -> verb(grammar, demo).isPresent()).toList();
        if (rewordable.isEmpty() || random.nextInt(5) == 0) {
            return TextPieces.pick(demos, random);
        }
        String demo = TextPieces.pick(rewordable, random);
        String verb = verb(grammar, demo).orElseThrow();
        String synonym = TextPieces.pick(grammar.definition().rewordings().get(verb), random);
        if (grammar.isKorean()) {
            int at = demo.lastIndexOf(verb);
            return demo.substring(0, at) + synonym + demo.substring(at + verb.length());
        }
        return synonym + demo.substring(verb.length());
    }

    /** The verb {@code demo} uses that the grammar can reword: its first word, or in Korean its last verb. */
    private static java.util.Optional<String> verb(InstructionGrammar grammar, String demo) {
        Map<String, List<String>> rewordings = grammar.definition().rewordings();
        if (grammar.isKorean()) {
            return rewordings.keySet().stream().filter(demo::contains)
                    .max(java.util.Comparator.comparingInt(demo::lastIndexOf));
        }
        String first = TextPieces.words(demo).isEmpty() ? "" : TextPieces.words(demo).get(0);
        return rewordings.containsKey(first) ? java.util.Optional.of(first) : java.util.Optional.empty();
    }

    /**
     * An instruction that one of the instruction rules rejects, of a kind picked at random from the grammar's junk: too
     * short, too many words, too many characters, a blacklisted word, "Write a program", a reference the model
     * cannot see, a leading punctuation mark, or a benchmark question repeated from memory.
     */
    static String junk(InstructionGrammar grammar, Random random) {
        Map<String, List<String>> junk = grammar.definition().junk();
        List<String> kinds = junk.keySet().stream().sorted().toList();
        String wording = TextPieces.pick(junk.get(TextPieces.pick(kinds, random)), random);
        String instruction = grammar.compose(false, random).text();
        String text = wording.replace("{subject}", TextPieces.pick(grammar.subjects(), random).name())
                .replace("{word}", TextPieces.pick(grammar.definition().words(), random))
                .replace("{instruction}", instruction)
                .replace("{benchmark}", grammar.memorised().isEmpty() ? instruction
                        : TextPieces.pick(grammar.memorised(), random));
        if (text.contains("{padding}")) {
            text = text.replace("{padding}", background(grammar, random, padding -> TextPieces.words(padding)
                    .size() > 160));
        }
        if (text.contains("{long-padding}")) {
            text = text.replace("{long-padding}", background(grammar, random, padding -> padding.length() > 2_100));
        }
        return text;
    }

    /** Background sentences from the subjects' points, until {@code enough}. */
    private static String background(InstructionGrammar grammar, Random random,
            java.util.function.Predicate<String> enough) {
        StringBuilder padding = new StringBuilder(grammar.isKorean() ? "참고할 배경:" : "Some background:");
        while (!enough.test(padding.toString())) {
            InstructionGrammar.Subject subject = TextPieces.pick(grammar.subjects(), random);
            padding.append(' ').append(String.join(", ", subject.points())).append('.');
        }
        return padding.toString();
    }
}
