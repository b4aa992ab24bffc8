package dev.seedloop.filter.instruction;

import dev.seedloop.filter.rule.InstructionCheck;
import dev.seedloop.filter.rule.Rule;
import dev.seedloop.filter.rule.RuleSettings;
import dev.seedloop.filter.rule.RuleStage;
import dev.seedloop.filter.rule.Violation;
import dev.seedloop.runtime.config.ConfigException;
import dev.seedloop.runtime.config.ConfigKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rejects instructions that mention something a text model cannot do (images, files, maps, ...), matching whole
 * words case-insensitively as Self-Instruct's {@code \b(word)\b} search does. The Alpaca preset adds its five terms.
 */
public final class KeywordBlacklistRule implements Rule {

    public static final String NAME = "keyword-blacklist";

    /** Self-Instruct's 13 terms. */
    public static final List<String> SELF_INSTRUCT_KEYWORDS = List.of("image", "images", "graph", "graphs",
            "picture", "pictures", "file", "files", "map", "maps", "draw", "plot", "go to");
    /** Alpaca's: Self-Instruct's and video, audio, music, flowchart, diagram. */
    public static final List<String> ALPACA_KEYWORDS = alpacaKeywords();

    static final ConfigKey<List<String>> KEYWORDS = ConfigKey.list("filter.keyword-blacklist.keywords",
            String.join(",", SELF_INSTRUCT_KEYWORDS),
            "Whole words (case-insensitive) that reject an instruction, comma-separated.");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public RuleStage stage() {
        return RuleStage.INSTRUCTION;
    }

    @Override
    public int order() {
        return 30;
    }

    @Override
    public String description() {
        return "reject instructions naming things a text model cannot handle (image, file, map, draw, ...)";
    }

    @Override
    public int logicVersion() {
        return 1;
    }

    @Override
    public List<ConfigKey<?>> settings() {
        return List.of(KEYWORDS);
    }

    @Override
    public Map<String, Map<String, String>> presets() {
        return Map.of("alpaca", Map.of(KEYWORDS.name(), String.join(",", ALPACA_KEYWORDS)));
    }

    @Override
    public InstructionCheck check(RuleSettings settings) {
        List<String> keywords = settings.get(KEYWORDS);
        if (keywords.isEmpty()) {
            throw new ConfigException(KEYWORDS.name() + " is empty while the rule is enabled");
        }
        StringBuilder alternation = new StringBuilder();
        for (String keyword : keywords) {
            if (!alternation.isEmpty()) {
                alternation.append('|');
            }
            alternation.append(Pattern.quote(keyword));
        }
        Pattern pattern = Pattern.compile("\\b(" + alternation + ")\\b",
                Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.UNICODE_CHARACTER_CLASS);
        return instruction -> {
            Matcher matcher = pattern.matcher(instruction);
            return matcher.find() ? Optional.of(Violation.of(NAME, "mentions '" + matcher.group(1) + "'"))
                    : Optional.empty();
        };
    }

    private static List<String> alpacaKeywords() {
        List<String> keywords = new ArrayList<>(SELF_INSTRUCT_KEYWORDS);
        keywords.addAll(List.of("video", "audio", "music", "flowchart", "diagram"));
        return List.copyOf(keywords);
    }
}
