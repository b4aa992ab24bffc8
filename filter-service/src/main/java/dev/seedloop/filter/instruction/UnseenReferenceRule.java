package dev.seedloop.filter.instruction;

import dev.seedloop.filter.rule.InstructionCheck;
import dev.seedloop.filter.rule.Rule;
import dev.seedloop.filter.rule.RuleSettings;
import dev.seedloop.filter.rule.RuleStage;
import dev.seedloop.filter.rule.Violation;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rejects instructions that point at something the model answering them cannot see: a web address, or an
 * attachment ("the attached file", "the link below", "첨부한 파일"). An instruction-tuned model learns from them
 * to pretend it opened a page or a file. The keyword blacklist catches media words (image, graph, file); this
 * catches the reference itself. The papers' presets (self-instruct, alpaca) leave it off.
 */
public final class UnseenReferenceRule implements Rule {

    public static final String NAME = "unseen-reference";
    private static final Pattern REFERENCE = Pattern.compile(
            "https?://\\S+|\\bwww\\.\\S+"
                    + "|\\b(?:attached|attachment|enclosed)\\b"
                    + "|\\b(?:link|url|website|web page|webpage)\\s+(?:below|above|provided|given|here)\\b"
                    + "|\\b(?:following|this|that|the)\\s+(?:link|url)\\b"
                    + "|첨부|아래\\s*링크|위\\s*링크|다음\\s*링크",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

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
        return 45;
    }

    @Override
    public String description() {
        return "reject instructions that refer to a web address or an attachment the model cannot see";
    }

    @Override
    public int logicVersion() {
        return 1;
    }

    @Override
    public Map<String, Map<String, String>> presets() {
        return Map.of("self-instruct", Map.of("filter.unseen-reference.enabled", "false"),
                "alpaca", Map.of("filter.unseen-reference.enabled", "false"));
    }

    @Override
    public InstructionCheck check(RuleSettings settings) {
        return instruction -> {
            Matcher matcher = REFERENCE.matcher(instruction);
            return matcher.find()
                    ? Optional.of(Violation.of(NAME, "refers to '" + matcher.group() + "', which the model cannot see"))
                    : Optional.empty();
        };
    }
}
