package dev.seedloop.schemas;

import dev.seedloop.schemas.avro.Turn;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The stable key of an instruction: a hash of its normalised text, so the same task written twice gets the same
 * pool key (an exact duplicate) and re-ingesting a file adds nothing new.
 */
public final class InstructionId {

    private static final Pattern WHITESPACE = Pattern.compile("\\s+", Pattern.UNICODE_CHARACTER_CLASS);
    private static final HexFormat HEX = HexFormat.of();

    private InstructionId() {
    }

    /** NFKC, lower case, every run of whitespace as one space, trimmed. */
    public static String normalise(String instruction) {
        String folded = Normalizer.normalize(instruction, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        return WHITESPACE.matcher(folded).replaceAll(" ").strip();
    }

    /** 32 hex digits: the first 128 bits of SHA-256 over the normalised text. */
    public static String of(String instruction) {
        byte[] digest = sha256().digest(normalise(instruction).getBytes(StandardCharsets.UTF_8));
        return HEX.formatHex(digest, 0, 16);
    }

    /**
     * The key of a later turn of a conversation: the instruction together with the turns before it, so the same
     * follow-up ("go on") in two conversations is two entries. With no turns before it (null or empty),
     * {@link #of(String)}.
     */
    public static String of(String instruction, List<Turn> before) {
        if (before == null || before.isEmpty()) {
            return of(instruction);
        }
        MessageDigest digest = sha256();
        for (Turn turn : before) {
            digest.update((turn.getRole() + "\u0000" + normalise(turn.getContent()) + "\u0000")
                    .getBytes(StandardCharsets.UTF_8));
        }
        return HEX.formatHex(digest.digest(normalise(instruction).getBytes(StandardCharsets.UTF_8)), 0, 16);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
