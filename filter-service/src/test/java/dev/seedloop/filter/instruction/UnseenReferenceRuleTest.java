package dev.seedloop.filter.instruction;

import static dev.seedloop.filter.rule.RuleChecks.judge;
import static org.assertj.core.api.Assertions.assertThat;

import dev.seedloop.filter.rule.Rules;
import dev.seedloop.runtime.config.ConfigSource;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UnseenReferenceRuleTest {

    private final UnseenReferenceRule rule = new UnseenReferenceRule();

    @Test
    void rejectsWebAddressesAndAttachmentsTheModelCannotSee() {
        assertThat(judge(rule, "Summarize the article at https://example.com/news/1.").orElseThrow().detail())
                .isEqualTo("refers to 'https://example.com/news/1.', which the model cannot see");
        assertThat(judge(rule, "Check www.example.org and tell me if it is safe.")).isPresent();
        assertThat(judge(rule, "Proofread the attached essay.")).isPresent();
        assertThat(judge(rule, "Watch the video at the link below and list its main points.")).isPresent();
        assertThat(judge(rule, "첨부한 보고서를 요약하세요.")).isPresent();
    }

    @Test
    void keepsTasksThatOnlyMentionLinksOrTheWeb() {
        assertThat(judge(rule, "Explain how a hyperlink works in HTML.")).isEmpty();
        assertThat(judge(rule, "Write a short story about a missing link in a chain.")).isEmpty();
        assertThat(judge(rule, "List three ways to make a website load faster.")).isEmpty();
        assertThat(judge(rule, "웹사이트를 빠르게 만드는 방법 세 가지를 나열하세요.")).isEmpty();
    }

    @Test
    void isOnInTheDefaultPresetAndOffInThePapersPresets() {
        assertThat(Rules.enabled(rule, ConfigSource.ofValues(Map.of()))).isTrue();
        assertThat(Rules.enabled(rule, ConfigSource.ofValues(Map.of("filter.preset", "self-instruct")))).isFalse();
        assertThat(Rules.enabled(rule, ConfigSource.ofValues(Map.of("filter.preset", "alpaca")))).isFalse();
    }
}
