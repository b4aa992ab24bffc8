package dev.seedloop.schemas;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.HexFormat;
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

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
