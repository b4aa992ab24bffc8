package dev.seedloop.filter.response;

import dev.seedloop.filter.rule.ResponseCheck;
import dev.seedloop.filter.rule.Rule;
import dev.seedloop.filter.rule.RuleSettings;
import dev.seedloop.filter.rule.RuleStage;
import dev.seedloop.filter.rule.Violation;
import dev.seedloop.schemas.avro.InstanceSource;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Evol-Instruct's elimination rule for answers that are nothing but punctuation and stop words. It judges direct
 * answers only ({@link InstanceSource#DIRECT_ANSWER}); an empty output is {@link EmptyOutputRule}'s.
 */
public final class StopwordsOnlyRule implements Rule {

    public static final String NAME = "stopwords-only";
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}']+");
    /** NLTK's English stop words. */
    private static final Set<String> STOP_WORDS = Set.of("i", "me", "my", "myself", "we", "our", "ours",
            "ourselves", "you", "you're", "you've", "you'll", "you'd", "your", "yours", "yourself", "yourselves", "he",
            "him", "his", "himself", "she", "she's", "her", "hers", "herself", "it", "it's", "its", "itself", "they",
            "them", "their", "theirs", "themselves", "what", "which", "who", "whom", "this", "that", "that'll",
            "these", "those", "am", "is", "are", "was", "were", "be", "been", "being", "have", "has", "had",
            "having", "do", "does", "did", "doing", "a", "an", "the", "and", "but", "if", "or", "because", "as",
            "until", "while", "of", "at", "by", "for", "with", "about", "against", "between", "into", "through",
            "during", "before", "after", "above", "below", "to", "from", "up", "down", "in", "out", "on", "off",
            "over", "under", "again", "further", "then", "once", "here", "there", "when", "where", "why", "how",
            "all", "any", "both", "each", "few", "more", "most", "other", "some", "such", "no", "nor", "not",
            "only", "own", "same", "so", "than", "too", "very", "s", "t", "can", "will", "just", "don", "don't",
            "should", "should've", "now", "d", "ll", "m", "o", "re", "ve", "y", "ain", "aren", "aren't", "couldn",
            "couldn't", "didn", "didn't", "doesn", "doesn't", "hadn", "hadn't", "hasn", "hasn't", "haven",
            "haven't", "isn", "isn't", "ma", "mightn", "mightn't", "mustn", "mustn't", "needn", "needn't", "shan",
            "shan't", "shouldn", "shouldn't", "wasn", "wasn't", "weren", "weren't", "won", "won't", "wouldn",
            "wouldn't");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public RuleStage stage() {
        return RuleStage.RESPONSE;
    }

    @Override
    public int order() {
        return 51;
    }

    @Override
    public String description() {
        return "drop a direct answer of only punctuation and stop words (Evol-Instruct)";
    }

    /** 2: judges every direct answer (Alpaca's too), where 1 judged Evol-Instruct's alone. */
    @Override
    public int logicVersion() {
        return 2;
    }

    @Override
    public ResponseCheck check(RuleSettings settings) {
        return judgement -> {
            if (judgement.instanceSource() == InstanceSource.DIRECT_ANSWER) {
                judgement.dropEach(instance -> isStopwordsOnly(instance.getOutput())
                        ? Optional.of(Violation.of(NAME, "the response has only punctuation and stop words"))
                        : Optional.empty());
            }
        };
    }

    /** True when {@code output} has no word that is not a stop word (an empty output is another rule's). */
    static boolean isStopwordsOnly(String output) {
        if (output.isBlank()) {
            return false;
        }
        var words = WORD.matcher(output.toLowerCase(Locale.ROOT));
        while (words.find()) {
            if (!STOP_WORDS.contains(words.group())) {
                return false;
            }
        }
        return true;
    }
}
