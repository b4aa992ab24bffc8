package dev.seedloop.filter.rules;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rejects instructions that mention something a text model cannot do (images, files, maps, ...), matching whole
 * words case-insensitively as Self-Instruct's {@code \b(word)\b} search does.
 */
public final class KeywordBlacklistRule implements InstructionRule {

    public static final String NAME = "keyword-blacklist";

    /** Self-Instruct's 13 terms. */
    public static final List<String> SELF_INSTRUCT_KEYWORDS = List.of("image", "images", "graph", "graphs",
            "picture", "pictures", "file", "files", "map", "maps", "draw", "plot", "go to");

    private final List<String> keywords;
    private final Pattern pattern;

    public KeywordBlacklistRule(List<String> keywords) {
        if (keywords.isEmpty()) {
            throw new IllegalArgumentException("keyword-blacklist needs at least one keyword");
        }
        this.keywords = List.copyOf(keywords);
        StringBuilder alternation = new StringBuilder();
        for (String keyword : keywords) {
            if (!alternation.isEmpty()) {
                alternation.append('|');
            }
            alternation.append(Pattern.quote(keyword));
        }
        this.pattern = Pattern.compile("\\b(" + alternation + ")\\b",
                Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.UNICODE_CHARACTER_CLASS);
    }

    public List<String> keywords() {
        return keywords;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Optional<Violation> check(String instruction) {
        Matcher matcher = pattern.matcher(instruction);
        if (matcher.find()) {
            return Optional.of(Violation.of(NAME, "mentions '" + matcher.group(1) + "'"));
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return NAME + keywords;
    }
}
