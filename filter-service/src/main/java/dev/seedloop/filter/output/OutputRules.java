package dev.seedloop.filter.output;

import java.util.Locale;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules the filter applies to a whole response, beyond the per-instance {@link InstanceRule}s:
 * <ul>
 *   <li>{@value #TRUNCATED}: the answer was cut off by the token limit, so its last instance is dropped;</li>
 *   <li>{@value #CONFLICTING_OUTPUTS}: the same non-empty input with different outputs drops the whole task
 *       (Self-Instruct);</li>
 *   <li>{@value #DUPLICATE_INSTANCE}: an instance identical to an earlier one is dropped;</li>
 *   <li>{@value #MAX_INSTANCES}: instances beyond the first {@code maxInstances} are dropped (Self-Instruct keeps
 *       5, chosen at random; seedloop keeps the first, so that a replay decides the same);</li>
 *   <li>Evol-Instruct's elimination rules for responses, applied to examples of that method:
 *       {@value #APOLOGETIC_RESPONSE} (an apology in fewer than 80 words) and {@value #STOPWORDS_ONLY} (nothing
 *       but punctuation and stop words);</li>
 *   <li>{@value #LOW_QUALITY}: the quality judge's rating is below {@code minQuality}.</li>
 * </ul>
 */
public record OutputRules(boolean truncated, boolean conflictingOutputs, boolean duplicateInstances,
        int maxInstances, boolean apologetic, boolean stopwordsOnly, OptionalDouble minQuality) {

    public static final String TRUNCATED = "truncated";
    public static final String CONFLICTING_OUTPUTS = "conflicting-outputs";
    public static final String DUPLICATE_INSTANCE = "duplicate-instance";
    public static final String MAX_INSTANCES = "max-instances";
    public static final String APOLOGETIC_RESPONSE = "apologetic-response";
    public static final String STOPWORDS_ONLY = "stopwords-only";
    public static final String LOW_QUALITY = "low-quality";
    /** The generation method whose responses the Evol-Instruct rules judge. */
    public static final String EVOL_INSTRUCT = "evol-instruct";
    /** WizardLM: a response that apologises is eliminated when it is "relatively short (< 80 words)". */
    public static final int APOLOGY_MAX_WORDS = 80;

    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}']+");
    private static final Set<String> APOLOGIES = Set.of("sorry", "죄송", "미안");
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

    /** Everything on, 5 instances, no quality threshold. */
    public static OutputRules defaults() {
        return new OutputRules(true, true, true, 5, true, true, OptionalDouble.empty());
    }

    /** True when {@code output} apologises ("sorry") in fewer than 80 words. */
    public static boolean isApologetic(String output) {
        String lower = output.toLowerCase(Locale.ROOT);
        return APOLOGIES.stream().anyMatch(lower::contains)
                && output.strip().split("\\s+").length < APOLOGY_MAX_WORDS;
    }

    /** True when {@code output} has no word that is not a stop word (an empty output is another rule's). */
    public static boolean isStopwordsOnly(String output) {
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

    /** A canonical text of the settings, for the configuration version. */
    public String describe() {
        return TRUNCATED + "=" + truncated + ";" + CONFLICTING_OUTPUTS + "=" + conflictingOutputs + ";"
                + DUPLICATE_INSTANCE + "=" + duplicateInstances + ";" + MAX_INSTANCES + "=" + maxInstances + ";"
                + APOLOGETIC_RESPONSE + "=" + apologetic + ";" + STOPWORDS_ONLY + "=" + stopwordsOnly + ";"
                + LOW_QUALITY + "=" + (minQuality.isPresent() ? Double.toString(minQuality.getAsDouble()) : "off")
                + ";";
    }
}
