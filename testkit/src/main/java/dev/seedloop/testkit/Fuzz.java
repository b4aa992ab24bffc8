package dev.seedloop.testkit;

import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Seeded fuzzing for tests: a property is checked on many generated inputs, and a failure names the seed, the try
 * and the input, so it can be replayed exactly. Generators lean towards what breaks parsers: control characters,
 * lone surrogates, other scripts, emoji, and the formats' own markers.
 */
public final class Fuzz {

    private static final String[] PIECES = {"\u0000", "\u0007", "\u001b[31m", "\t", "\r\n", "\n", " ", "\u00a0",
        "\u202e", "\ufeff", "\ufffd", "\ud800", "\udc00", "😀", "🔥", "é", "ß", "한국어", "中文", "עברית", "\"", "'",
        "\\", "{", "}", "[", "]", "<", ">", "&", ":", ",", "#", "1.", "10", "word", "Word", "WORD"};

    private Fuzz() {
    }

    /** Checks {@code property} on {@code tries} inputs from {@code generator}, seeded with {@code seed}. */
    public static <T> void check(int tries, long seed, Function<Random, T> generator, Consumer<T> property) {
        Random random = new Random(seed);
        for (int i = 0; i < tries; i++) {
            T input = generator.apply(random);
            try {
                property.accept(input);
            } catch (RuntimeException | AssertionError e) {
                throw new AssertionError(String.format(Locale.ROOT, "falsified at try %d of %d (seed %d) by %s",
                        i + 1, tries, seed, describe(input)), e);
            }
        }
    }

    /** Up to {@code maxLength} characters mixing ASCII, control characters, surrogates and other scripts. */
    public static String text(Random random, int maxLength) {
        int length = random.nextInt(maxLength + 1);
        StringBuilder text = new StringBuilder(length);
        while (text.length() < length) {
            int kind = random.nextInt(10);
            if (kind < 4) {
                text.append((char) (0x20 + random.nextInt(0x5f)));
            } else if (kind < 6) {
                text.append(PIECES[random.nextInt(PIECES.length)]);
            } else if (kind < 8) {
                text.append((char) random.nextInt(0x10000));
            } else {
                text.appendCodePoint(random.nextInt(Character.MAX_CODE_POINT + 1));
            }
        }
        return text.toString();
    }

    /** Up to {@code maxLength} random bytes. */
    public static byte[] bytes(Random random, int maxLength) {
        byte[] bytes = new byte[random.nextInt(maxLength + 1)];
        random.nextBytes(bytes);
        return bytes;
    }

    /** Up to {@code maxParts} of {@code parts} (a format's own markers and fragments) joined in random order. */
    public static String join(Random random, List<String> parts, int maxParts) {
        StringBuilder text = new StringBuilder();
        int count = random.nextInt(maxParts + 1);
        for (int i = 0; i < count; i++) {
            text.append(parts.get(random.nextInt(parts.size())));
        }
        return text.toString();
    }

    private static String describe(Object input) {
        String text = input instanceof byte[] bytes ? java.util.HexFormat.of().formatHex(bytes)
                : input instanceof Object[] values ? java.util.Arrays.deepToString(values) : String.valueOf(input);
        StringBuilder escaped = new StringBuilder();
        text.codePoints().limit(400).forEach(c -> {
            if (c < 0x20 || c == 0x7f || (c >= 0xd800 && c <= 0xdfff)) {
                escaped.append(String.format(Locale.ROOT, "\\u%04x", c));
            } else {
                escaped.appendCodePoint(c);
            }
        });
        return "\"" + escaped + (text.length() > 400 ? "…\" (" + text.length() + " chars)" : "\"");
    }
}
