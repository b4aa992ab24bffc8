package dev.seedloop.filter.offline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Locale;
import java.util.Map;

/**
 * The instruction of one JSON line, in any of the layouts seedloop reads: Alpaca ({@code instruction},
 * {@code input}, {@code output}), Dolly ({@code instruction}, {@code context}, {@code response}) or
 * Self-Instruct seed tasks ({@code instruction}, {@code instances}); the key may be capitalised
 * ({@code Instruction}, as in WizardLM's test set). Anything else is malformed, with the reason.
 */
final class InstructionLine {

    private static final ObjectMapper JSON = new ObjectMapper();

    private InstructionLine() {
    }

    /** The instruction, or throws {@link MalformedLineException} saying what is wrong. */
    static String instruction(String line) {
        if (line == null) {
            throw new MalformedLineException("not valid UTF-8");
        }
        if (line.isBlank()) {
            throw new MalformedLineException("empty line");
        }
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new MalformedLineException("not JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new MalformedLineException("not a JSON object");
        }
        JsonNode instruction = node.get("instruction");
        if (instruction == null) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                if (field.getKey().equalsIgnoreCase("instruction")) {
                    instruction = field.getValue();
                    break;
                }
            }
        }
        if (instruction == null) {
            throw new MalformedLineException("no \"instruction\" field");
        }
        if (!instruction.isTextual()) {
            throw new MalformedLineException("\"instruction\" is "
                    + instruction.getNodeType().name().toLowerCase(Locale.ROOT) + ", not a string");
        }
        return instruction.asText();
    }

    /** A line that holds no instruction. */
    static final class MalformedLineException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        MalformedLineException(String message) {
            super(message);
        }
    }
}
