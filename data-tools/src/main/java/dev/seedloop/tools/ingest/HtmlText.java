package dev.seedloop.tools.ingest;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;

/**
 * Stack Exchange post HTML as plain text: paragraphs and list items on their own lines, code blocks kept verbatim
 * between ``` fences, inline code in backticks, entities decoded, tags dropped.
 */
public final class HtmlText {

    private HtmlText() {
    }

    public static String of(String html) {
        if (html == null || html.isBlank()) {
            return "";
        }
        StringBuilder text = new StringBuilder();
        for (Node node : Jsoup.parseBodyFragment(html).body().childNodes()) {
            append(node, text);
        }
        return text.toString().replaceAll("[ \\t]+\\n", "\n").replaceAll("\\n{3,}", "\n\n").strip();
    }

    private static void append(Node node, StringBuilder text) {
        if (node instanceof TextNode textNode) {
            String words = textNode.text().replaceAll("\\s+", " ");
            if (text.isEmpty() || text.charAt(text.length() - 1) == '\n') {
                words = words.stripLeading();
            }
            text.append(words);
            return;
        }
        if (!(node instanceof Element element)) {
            return;
        }
        switch (element.normalName()) {
            case "pre" -> {
                String code = element.wholeText();
                block(text).append("```\n").append(code.endsWith("\n") ? code : code + "\n").append("```\n\n");
            }
            case "code" -> text.append('`').append(element.wholeText()).append('`');
            case "br" -> text.append('\n');
            case "hr" -> block(text).append("---\n\n");
            case "img" -> text.append(element.attr("alt"));
            case "li" -> {
                if (!text.isEmpty() && text.charAt(text.length() - 1) != '\n') {
                    text.append('\n');
                }
                text.append("- ");
                children(element, text);
                text.append('\n');
            }
            case "blockquote" -> {
                StringBuilder quoted = new StringBuilder();
                children(element, quoted);
                block(text);
                for (String line : quoted.toString().strip().split("\n", -1)) {
                    text.append(line.isEmpty() ? ">" : "> " + line).append('\n');
                }
                text.append('\n');
            }
            case "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table", "tr" -> {
                block(text);
                children(element, text);
                text.append("\n\n");
            }
            default -> children(element, text);
        }
    }

    private static void children(Element element, StringBuilder text) {
        for (Node child : element.childNodes()) {
            append(child, text);
        }
    }

    private static StringBuilder block(StringBuilder text) {
        if (!text.isEmpty() && text.charAt(text.length() - 1) != '\n') {
            text.append("\n\n");
        }
        return text;
    }
}
