package dev.seedloop.filter.dedup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seedloop.testkit.Fuzz;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The tokenizer and the score on any text, control characters, surrogates and scripts included. */
class RougeFuzzTest {

    @Test
    void anyTextTokenizesIntoNonEmptyLowerCaseTokensWithoutWhitespace() {
        Fuzz.check(3000, 3, random -> Fuzz.text(random, 400), text -> {
            List<String> tokens = RougeTokenizer.tokenize(text);

            assertThat(tokens).allSatisfy(token -> {
                assertThat(token).isNotEmpty();
                assertThat(token.codePoints().noneMatch(Character::isWhitespace)).isTrue();
                assertThat(token).isEqualTo(token.toLowerCase(Locale.ROOT));
            });
            assertThat(String.join("", tokens).length()).isLessThanOrEqualTo(text.toLowerCase(Locale.ROOT).length());
        });
    }

    @Test
    void theScoreIsBetweenZeroAndOneSymmetricAndOneForItself() {
        Fuzz.check(2000, 4, random -> new String[] {Fuzz.text(random, 200), Fuzz.text(random, 200)}, pair -> {
            double score = RougeL.score(pair[0], pair[1]);

            assertThat(score).isBetween(0.0, 1.0).isEqualTo(RougeL.score(pair[1], pair[0]));
            assertThat(RougeL.score(pair[0], pair[0])).isEqualTo(RougeTokenizer.tokenize(pair[0]).isEmpty() ? 0.0
                    : 1.0);
        });
    }
}
