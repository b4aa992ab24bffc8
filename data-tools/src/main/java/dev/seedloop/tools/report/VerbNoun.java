package dev.seedloop.tools.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Optional;
import opennlp.tools.postag.POSModel;
import opennlp.tools.postag.POSTaggerME;
import opennlp.tools.tokenize.SimpleTokenizer;

/**
 * The root verb of an instruction and its direct object, as in the Self-Instruct paper's diversity figure. With a
 * part-of-speech tagger (Apache OpenNLP's Universal Dependencies English model) instead of a parser, the verb is
 * the first verb and the object the first noun after it, before the next verb or clause.
 */
final class VerbNoun {

    /** The model inside {@code org.apache.opennlp:opennlp-models-pos-en}. */
    static final String MODEL = "/opennlp-en-ud-ewt-pos-1.3-2.5.4.bin";

    /** A verb and its object, both lower case. */
    record Pair(String verb, String noun) {
    }

    private final POSTaggerME tagger;

    VerbNoun() {
        try (InputStream in = VerbNoun.class.getResourceAsStream(MODEL)) {
            if (in == null) {
                throw new IllegalStateException("the OpenNLP model " + MODEL + " is missing from the class path");
            }
            tagger = new POSTaggerME(new POSModel(in));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the OpenNLP model", e);
        }
    }

    /** The pair of the instruction's first sentence, or empty when it has no verb with a noun after it. */
    Optional<Pair> of(String instruction) {
        String sentence = instruction.strip().split("(?<=[.?!])\\s|\\n", 2)[0];
        String[] tokens = SimpleTokenizer.INSTANCE.tokenize(sentence);
        if (tokens.length == 0) {
            return Optional.empty();
        }
        // Instructions open with an imperative; capitalised, the model takes it for a proper noun
        tokens[0] = tokens[0].toLowerCase(Locale.ROOT);
        String[] tags = tagger.tag(tokens);
        for (int i = 0; i < tokens.length; i++) {
            if (!verb(tags[i])) {
                continue;
            }
            for (int j = i + 1; j < tokens.length; j++) {
                if (verb(tags[j]) || tags[j].equals("SCONJ") || tags[j].equals("PUNCT") && !tokens[j].equals("'")) {
                    break;
                }
                if (tags[j].equals("NOUN") || tags[j].startsWith("NN") && !tags[j].startsWith("NNP")) {
                    return Optional.of(new Pair(tokens[i].toLowerCase(Locale.ROOT),
                            tokens[j].toLowerCase(Locale.ROOT)));
                }
            }
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static boolean verb(String tag) {
        return tag.equals("VERB") || tag.startsWith("VB");
    }
}
