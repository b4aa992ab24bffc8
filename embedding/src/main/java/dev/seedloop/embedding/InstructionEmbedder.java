package dev.seedloop.embedding;

import java.lang.Character.UnicodeScript;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Instructions to vectors as the stages need them, around one {@link Embedder}: each text is cut to the model's
 * window first (and its vector says so), a text with nothing to embed is refused on its own instead of failing its
 * batch, and a text mostly in a script an English-only model was not trained on is embedded with a caveat that says
 * so. A call that fails for good fails the batch with an {@link EmbeddingException}; the caller rejects what it
 * held with that reason.
 */
public final class InstructionEmbedder implements AutoCloseable {

    private final Embedder embedder;
    private final int maxCharacters;

    public InstructionEmbedder(Embedder embedder, int maxCharacters) {
        this.embedder = embedder;
        this.maxCharacters = maxCharacters;
    }

    /** A vector, or why a text has none. */
    public sealed interface Result {
    }

    /** A text's unit vector; {@code caveat} is null, or says the text was cut or is in a script the model lacks. */
    public record Embedded(String model, float[] vector, String caveat) implements Result {
    }

    /** A text with no vector, and why. */
    public record Refused(String reason) implements Result {
    }

    /**
     * The embedder {@code config} names: the in-process model, or {@code remote} applied to the configuration (the
     * stage's gateway); empty for provider none.
     */
    public static Optional<InstructionEmbedder> open(EmbeddingConfig config,
            Function<EmbeddingConfig, Embedder> remote) {
        Embedder embedder = switch (config.provider()) {
            case IN_PROCESS -> new InProcessEmbedder(config.concurrency());
            case REMOTE -> remote.apply(config);
            case NONE -> null;
        };
        return Optional.ofNullable(embedder).map(made -> new InstructionEmbedder(made, config.maxCharacters()));
    }

    public String model() {
        return embedder.model();
    }

    /** One result per text, in order. */
    public List<Result> embed(List<String> texts) {
        List<Result> results = new ArrayList<>(texts.size());
        List<String> sent = new ArrayList<>();
        List<String> caveats = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        for (String text : texts) {
            if (text == null || text.isBlank()) {
                results.add(new Refused("the instruction is empty: nothing to embed"));
                continue;
            }
            String window = text;
            List<String> notes = new ArrayList<>();
            if (text.length() > maxCharacters) {
                int end = Character.isHighSurrogate(text.charAt(maxCharacters - 1)) ? maxCharacters - 1
                        : maxCharacters;
                window = text.substring(0, end);
                notes.add(String.format(Locale.ROOT, "embedded its first %,d of %,d characters (the model's window)",
                        end, text.length()));
            }
            if (embedder.englishOnly()) {
                UnicodeScript script = mainScript(window);
                if (script != UnicodeScript.LATIN && script != UnicodeScript.COMMON) {
                    notes.add(embedder.model() + " is English-only and this text is mostly "
                            + script.name().toLowerCase(Locale.ROOT) + ": its vector is scored but means little "
                            + "(embedding.provider=remote with a multilingual model)");
                }
            }
            positions.add(results.size());
            results.add(null);
            sent.add(window);
            caveats.add(notes.isEmpty() ? null : String.join("; ", notes));
        }
        if (!sent.isEmpty()) {
            List<float[]> vectors = embedder.embed(sent);
            for (int i = 0; i < vectors.size(); i++) {
                results.set(positions.get(i), new Embedded(embedder.model(), vectors.get(i), caveats.get(i)));
            }
        }
        return results;
    }

    /** The script of most of {@code text}'s letters; COMMON when it has none. */
    static UnicodeScript mainScript(String text) {
        Map<UnicodeScript, Integer> counts = new EnumMap<>(UnicodeScript.class);
        text.codePoints().filter(Character::isLetter).forEach(point -> counts.merge(UnicodeScript.of(point), 1,
                Integer::sum));
        return counts.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey)
                .orElse(UnicodeScript.COMMON);
    }

    @Override
    public void close() {
        embedder.close();
    }
}
