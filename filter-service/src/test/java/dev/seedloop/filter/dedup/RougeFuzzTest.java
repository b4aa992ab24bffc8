package dev.seedloop.filter.dedup;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

/** The tokenizer and the score on any text, control characters, surrogates and scripts included. */
class RougeFuzzTest {

    @Property(tries = 3000)
    void anyTextTokenizesIntoNonEmptyLowerCaseTokensWithoutWhitespace(@ForAll @Size(max = 400) String text) {
        List<String> tokens = RougeTokenizer.tokenize(text);

        assertThat(tokens).allSatisfy(token -> {
            assertThat(token).isNotEmpty();
            assertThat(token.codePoints().noneMatch(Character::isWhitespace)).isTrue();
            assertThat(token).isEqualTo(token.toLowerCase(java.util.Locale.ROOT));
        });
        assertThat(String.join("", tokens).length()).isLessThanOrEqualTo(text.toLowerCase(java.util.Locale.ROOT)
                .length());
    }

    @Property(tries = 2000)
    void theScoreIsBetweenZeroAndOneSymmetricAndOneForItself(@ForAll @Size(max = 200) String a,
            @ForAll @Size(max = 200) String b) {
        double score = RougeL.score(a, b);

        assertThat(score).isBetween(0.0, 1.0).isEqualTo(RougeL.score(b, a));
        assertThat(RougeL.score(a, a)).isEqualTo(RougeTokenizer.tokenize(a).isEmpty() ? 0.0 : 1.0);
    }
}
