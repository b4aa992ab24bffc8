package dev.seedloop.generator.method;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads Alpaca's batch answers: items separated by "###", each "N. Instruction: ...", "N. Input: ...",
 * "N. Output: ..." in that order; "&lt;noinput&gt;" means no input. As in Alpaca's post-processing, a cut-off last
 * item is dropped; an item without exactly those three parts is not guessed at but kept as malformed. Numbers are
 * not checked against their position, so a mis-numbered answer still reads.
 */
final class AlpacaBatchParser {

    private static final Pattern FIELD = Pattern.compile("(?:^|\\n|\\s)\\s*\\d+\\s*\\.\\s*(Instruction|Input|Output)\\s*:",
            Pattern.CASE_INSENSITIVE);

    private AlpacaBatchParser() {
    }

    /**
     * @param firstNumber the number of the item the prompt ends with ("4. Instruction:"), which the answer
     *                    continues without repeating
     */
    static Parsed parse(String content, boolean truncated, int firstNumber) {
        String text = firstNumber + ". Instruction:" + (content == null ? "" : content);
        String[] blocks = text.split("###");
        List<Task> tasks = new ArrayList<>();
        List<String> malformed = new ArrayList<>();
        String cut = null;
        for (int i = 0; i < blocks.length; i++) {
            String block = blocks[i].strip();
            if (block.isEmpty() || block.equals(firstNumber + ". Instruction:")) {
                continue;
            }
            if (i == blocks.length - 1 && truncated) {
                cut = block;
                continue;
            }
            Task task = task(block);
            if (task == null) {
                malformed.add(block);
            } else {
                tasks.add(task);
            }
        }
        return new Parsed(List.copyOf(tasks), List.copyOf(malformed), cut);
    }

    private static Task task(String block) {
        Matcher matcher = FIELD.matcher(block);
        List<String> labels = new ArrayList<>();
        List<int[]> spans = new ArrayList<>();
        while (matcher.find()) {
            labels.add(matcher.group(1).toLowerCase(Locale.ROOT));
            spans.add(new int[] {matcher.start(), matcher.end()});
        }
        if (!labels.equals(List.of("instruction", "input", "output"))) {
            return null;
        }
        String instruction = block.substring(spans.get(0)[1], spans.get(1)[0]).strip();
        String input = block.substring(spans.get(1)[1], spans.get(2)[0]).strip();
        String output = block.substring(spans.get(2)[1]).strip();
        if (instruction.isEmpty()) {
            return null;
        }
        if (input.equalsIgnoreCase("<noinput>") || input.equalsIgnoreCase("<no input>")) {
            input = "";
        }
        return new Task(instruction.replaceAll("\\s+", " "), input, output);
    }

    record Task(String instruction, String input, String output) {
    }

    /** The tasks read, the blocks that were not tasks, and the cut-off last block (or null). */
    record Parsed(List<Task> tasks, List<String> malformed, String truncated) {
    }
}
