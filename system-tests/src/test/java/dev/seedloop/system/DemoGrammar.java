package dev.seedloop.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the simulated LLM's English grammar can write, read from its shipped files as any reader of them would: the
 * words of its content (every text value of the forms and inputs, every subject and point; not the field names),
 * and its verbs (the first word of every wording and every verb it rewords to).
 */
record DemoGrammar(Set<String> vocabulary, Set<String> verbs) {

    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}']+");
    private static final String FILES = "dev/seedloop/llm/simulated/grammar/";

    static DemoGrammar english() {
        Set<String> vocabulary = new HashSet<>();
        Set<String> verbs = new HashSet<>();
        try {
            ObjectMapper json = new ObjectMapper();
            JsonNode forms = json.readTree(read("forms-en.json"));
            texts(forms, vocabulary);
            texts(json.readTree(read("inputs-en.json")), vocabulary);
            vocabulary.addAll(words(read("subjects-en.tsv").replaceAll("(?m)^#.*$", "")));
            forms.get("forms").forEach(form -> form.get("wordings").forEach(wording -> verbs.add(wording.asText()
                    .split(" ")[0])));
            forms.get("rewordings").fields().forEachRemaining(verb -> verb.getValue().forEach(synonym -> verbs.add(
                    synonym.asText().split(" ")[0])));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new DemoGrammar(vocabulary, verbs);
    }

    /** The lower-cased words of {@code text}. */
    static Set<String> words(String text) {
        Set<String> words = new HashSet<>();
        Matcher matcher = WORD.matcher(text.toLowerCase(Locale.ROOT));
        while (matcher.find()) {
            words.add(matcher.group());
        }
        return words;
    }

    private static void texts(JsonNode node, Set<String> into) {
        if (node.isTextual()) {
            into.addAll(words(node.asText()));
        }
        node.forEach(child -> texts(child, into));
    }

    private static String read(String name) throws IOException {
        try (InputStream stream = DemoGrammar.class.getClassLoader().getResourceAsStream(FILES + name)) {
            if (stream == null) {
                throw new IOException("no " + FILES + name + " on the class path");
            }
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
