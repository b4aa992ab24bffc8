package dev.seedloop.generator.method;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads the tasks out of a model's answer to the generation prompt, as Self-Instruct does: split on
 * "\n&lt;number&gt;. ", collapse whitespace, drop empty items, and drop the last item when the answer was cut off
 * (finish_reason = length). Chat models answer in other shapes too, which are read where that is safe: a repeated
 * first number, "1)" numbering, markdown bullets, a fenced block, a JSON array of strings. A line that echoes the
 * prompt's header is not a task.
 */
final class TaskListParser {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ITEM_SEPARATOR = Pattern.compile("\n\\s*\\d+\\s?[.)]\\s");
    private static final Pattern LEADING_NUMBER = Pattern.compile("^\\s*\\d+\\s?[.)]\\s*");
    private static final Pattern BULLET = Pattern.compile("^\\s*[-*•]\\s+");
    private static final Pattern FENCE = Pattern.compile("(?m)^\\s*```[a-zA-Z]*\\s*$");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final List<String> ECHOES = List.of("come up with a series of", "다음과 같은 일련의");

    private TaskListParser() {
    }

    /**
     * The tasks of {@code content}.
     *
     * @param truncated whether the model stopped at its token limit
     */
    static ParsedTasks parse(String content, boolean truncated) {
        String text = FENCE.matcher(content == null ? "" : content).replaceAll("").strip();
        List<String> raw = jsonArray(text).orElseGet(() -> listItems(text));
        List<String> items = new ArrayList<>();
        for (String candidate : raw) {
            String item = WHITESPACE.matcher(candidate).replaceAll(" ").strip();
            String lower = item.toLowerCase(Locale.ROOT);
            if (!item.isEmpty() && ECHOES.stream().noneMatch(lower::startsWith)) {
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

    private static List<String> listItems(String text) {
        String body = LEADING_NUMBER.matcher(text).replaceFirst("");
        String[] numbered = ITEM_SEPARATOR.split(body);
        if (numbered.length > 1 || !looksBulleted(text)) {
            return List.of(numbered);
        }
        List<String> items = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (BULLET.matcher(line).find()) {
                items.add(BULLET.matcher(line).replaceFirst(""));
            }
        }
        return items;
    }

    private static boolean looksBulleted(String text) {
        long bullets = text.lines().filter(line -> BULLET.matcher(line).find()).count();
        return bullets >= 2 && bullets * 2 >= text.lines().filter(line -> !line.isBlank()).count();
    }

    private static Optional<List<String>> jsonArray(String text) {
        if (!text.startsWith("[")) {
            return Optional.empty();
        }
        try {
            JsonNode node = JSON.readTree(text);
            if (node == null || !node.isArray()) {
                return Optional.empty();
            }
            List<String> items = new ArrayList<>();
            for (JsonNode element : node) {
                if (element.isTextual()) {
                    items.add(element.asText());
                } else if (element.isObject() && element.path("instruction").isTextual()) {
                    items.add(element.path("instruction").asText());
                } else {
                    return Optional.empty();
                }
            }
            return Optional.of(items);
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
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
