package dev.seedloop.llm.simulated;

import java.util.HashSet;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * Writes "Example n / Input / Output" instances for the instruction an instance prompt ends with: for an instruction
 * the grammar wrote, inputs of its kind and the outputs that fit them ({@link AnswerWriter}); for any other
 * instruction, a general answer. A configured share of instances is bad (empty output, output equal to the input, a
 * trailing colon, an example repeated) for the instance rules to catch, and a configured share of answers is cut off
 * mid-example (finish_reason=length).
 */
final class InstanceComposer {

    private final SimulatedLlmConfig config;

    InstanceComposer(SimulatedLlmConfig config) {
        this.config = config;
    }

    SimulatedLlmServer.Answer compose(String text, Random random) {
        InstructionGrammar grammar = InstructionGrammar.of(text);
        Optional<InstructionGrammar.Instruction> instruction = grammar.read(text);
        boolean takesInput = instruction.isPresent() && instruction.get().form().input() != null;
        // An instruction without input has one answer; more examples of it would only repeat it
        int examples = !takesInput ? 1 : 1 + (random.nextInt(3) == 0 ? 1 : 0) + (random.nextInt(6) == 0 ? 1 : 0);
        StringBuilder answer = new StringBuilder();
        Set<String> inputs = new HashSet<>();
        String previousInput = null;
        String previousOutput = null;
        for (int i = 1; i <= examples; i++) {
            AnswerWriter.Instance instance = next(grammar, instruction, inputs, random);
            String input = instance.input();
            String output = instance.output();
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
                    default -> output = grammar.isKorean() ? "답은 다음과 같습니다:" : "The answer is as follows:";
                }
            }
            answer.append("Example ").append(i).append('\n');
            answer.append("Input: ").append(input).append('\n');
            answer.append("Output: ").append(output).append("\n\n");
            previousInput = input;
            previousOutput = output;
        }
        String written = answer.toString().strip();
        if (random.nextDouble() < config.truncatedShare()) {
            return new SimulatedLlmServer.Answer(written.substring(0, Math.max(1, written.length() - 1
                    - random.nextInt(Math.max(1, Math.min(40, written.length() / 3))))), "length");
        }
        return new SimulatedLlmServer.Answer(written, "stop");
    }

    /** An instance whose input differs from the ones already written, where the bank has another. */
    private static AnswerWriter.Instance next(InstructionGrammar grammar,
            Optional<InstructionGrammar.Instruction> instruction, Set<String> inputs, Random random) {
        if (instruction.isEmpty()) {
            return new AnswerWriter.Instance("", AnswerWriter.general(grammar.isKorean()));
        }
        AnswerWriter.Instance instance = AnswerWriter.instance(grammar, instruction.get(), random);
        for (int attempt = 0; attempt < 5 && !inputs.add(instance.input()); attempt++) {
            instance = AnswerWriter.instance(grammar, instruction.get(), random);
        }
        return instance;
    }
}
