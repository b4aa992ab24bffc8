package dev.seedloop.filter;

import dev.seedloop.filter.rules.KeywordBlacklistRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Named sets of rule settings. {@code self-instruct} and {@code alpaca} reproduce those projects' instruction
 * filters; {@code default} is seedloop's: the same as Self-Instruct's, without the rules that reject every
 * instruction in a language that is not English (non-ASCII first character; whitespace word counts, which
 * make a Chinese or Japanese sentence a single word). A key set explicitly wins over its preset.
 */
public enum Preset {
    DEFAULT(Map.of("filter.non-ascii-start.enabled", "false", "filter.word-count.counting", "script-aware")),
    SELF_INSTRUCT(Map.of("filter.non-ascii-start.enabled", "true", "filter.word-count.counting", "whitespace")),
    ALPACA(Map.of("filter.non-ascii-start.enabled", "true", "filter.word-count.counting", "whitespace",
            "filter.keyword-blacklist.keywords", String.join(",", alpacaKeywords())));

    private final Map<String, String> defaults;

    Preset(Map<String, String> defaults) {
        this.defaults = defaults;
    }

    /** This preset's value for {@code key}, or null when it keeps the key's own default. */
    String defaultFor(String key) {
        return defaults.get(key);
    }

    /** Alpaca's blacklist: Self-Instruct's 13 terms and video, audio, music, flowchart, diagram. */
    static List<String> alpacaKeywords() {
        List<String> keywords = new ArrayList<>(KeywordBlacklistRule.SELF_INSTRUCT_KEYWORDS);
        keywords.addAll(List.of("video", "audio", "music", "flowchart", "diagram"));
        return keywords;
    }
}
