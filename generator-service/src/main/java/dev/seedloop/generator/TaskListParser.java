package dev.seedloop.generator;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads the tasks out of a model's answer to the generation prompt, as Self-Instruct does: split on
 * "\n&lt;number&gt;. ", collapse whitespace, drop empty items, and drop the last item when the answer was cut off
 * (finish_reason = length). Chat models often repeat the first number; that is removed too.
 */
final class TaskListParser {

    private static final Pattern ITEM_SEPARATOR = Pattern.compile("\n\\s*\\d+\\s?\\.\\s");
    private static final Pattern LEADING_NUMBER = Pattern.compile("^\\s*\\d+\\s?\\.\\s*");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private TaskListParser() {
    }

    /**
     * The tasks of {@code content}.
     *
     * @param truncated whether the model stopped at its token limit
     */
    static ParsedTasks parse(String content, boolean truncated) {
        String text = LEADING_NUMBER.matcher(content == null ? "" : content).replaceFirst("");
        List<String> items = new ArrayList<>();
        for (String raw : ITEM_SEPARATOR.split(text)) {
            String item = WHITESPACE.matcher(raw).replaceAll(" ").strip();
            if (!item.isEmpty()) {
                int first = item.codePointAt(0);
                items.add(new String(Character.toChars(Character.toUpperCase(first)))
                        + item.substring(Character.charCount(first)));
            }
        }
        Optional<String> cut = Optional.empty();
        if (truncated && !items.isEmpty()) {
            cut = Optional.of(items.remove(items.size() - 1));
        }
        return new ParsedTasks(List.copyOf(items), cut);
    }

    /**
     * The tasks found, and the last item dropped because the answer was cut off.
     */
    record ParsedTasks(List<String> tasks, Optional<String> truncatedItem) {

        /** Nothing usable: neither tasks nor a cut-off item. */
        boolean empty() {
            return tasks.isEmpty() && truncatedItem.isEmpty();
        }
    }
}
