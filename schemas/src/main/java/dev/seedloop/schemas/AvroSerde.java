package dev.seedloop.schemas;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.SystemLimitException;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.util.ClassSecurityValidator;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka serde for one generated Avro record type, in Avro single-object encoding (a 10-byte header with the
 * schema fingerprint, then the binary body), so that every value names the schema it was written with.
 */
public final class AvroSerde<T extends SpecificRecord> implements Serde<T> {

    /** Largest string, byte array or collection a value may declare; bounds what hostile bytes can allocate. */
    static final long MAX_DECLARED_LENGTH = 16L * 1024 * 1024;

    private static final String RECORD_PACKAGE = "dev.seedloop.schemas.avro.";

    static {
        limitDefault(SystemLimitException.MAX_STRING_LENGTH_PROPERTY);
        limitDefault(SystemLimitException.MAX_BYTES_LENGTH_PROPERTY);
        limitDefault(SystemLimitException.MAX_COLLECTION_LENGTH_PROPERTY);
        ClassSecurityValidator.ClassSecurityPredicate previous = ClassSecurityValidator.getGlobal();
        ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(
                previous, type -> type.getName().startsWith(RECORD_PACKAGE)));
    }

    /**
     * Makes sure seedloop's records are trusted by Avro (its class security refuses generated classes it was not
     * told of, even when a builder copies one): code that builds records before any serde exists calls this once.
     * The work is done by this class's initialiser; calling it is what runs that.
     */
    public static void trustRecords() {
        // the static initialiser above has run by now
    }

    /** Single-object encoding's marker: the two bytes before the schema fingerprint. */
    private static final byte[] MARKER = {(byte) 0xC3, (byte) 0x01};
    private static final int HEADER = 10;

    private final Class<T> type;
    private final BinaryMessageEncoder<T> encoder;
    /**
     * A reader per schema a value may have been written with, by that schema's fingerprint: today's, and each
     * earlier one read as {@link SchemaHistory} says (renamed enum symbols under their new names).
     */
    private final Map<Long, DatumReader<T>> readers = new HashMap<>();

    private AvroSerde(Class<T> type, Schema schema) {
        this.type = type;
        SpecificData model = SpecificData.getForClass(type);
        this.encoder = new BinaryMessageEncoder<>(model, schema);
        readers.put(SchemaNormalization.parsingFingerprint64(schema), new SpecificDatumReader<>(schema, schema,
                model));
        for (SchemaHistory.Version version : SchemaHistory.of(type.getSimpleName())) {
            readers.putIfAbsent(SchemaNormalization.parsingFingerprint64(version.written()),
                    new SpecificDatumReader<>(version.readAs(), schema, model));
        }
    }

    /** A serde for the generated record class {@code type}. */
    public static <T extends SpecificRecord> AvroSerde<T> of(Class<T> type) {
        Objects.requireNonNull(type, "type");
        return new AvroSerde<>(type, SpecificData.get().getSchema(type));
    }

    public Class<T> type() {
        return type;
    }

    /** Encodes {@code value}; null stays null (a tombstone). */
    public byte[] encode(T value) {
        if (value == null) {
            return null;
        }
        try {
            ByteBuffer buffer = encoder.encode(value);
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException | AvroRuntimeException | NullPointerException | ClassCastException e) {
            throw new SerializationException("cannot encode " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    /** Decodes {@code bytes}; null stays null. Anything that is not a valid record of this type throws. */
    public T decode(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        if (bytes.length < HEADER || bytes[0] != MARKER[0] || bytes[1] != MARKER[1]) {
            throw new SerializationException("not a " + type.getSimpleName() + " record (" + bytes.length
                    + " bytes): no single-object encoding header");
        }
        long fingerprint = ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        DatumReader<T> reader = readers.get(fingerprint);
        if (reader == null) {
            throw new SerializationException("not a " + type.getSimpleName() + " record (" + bytes.length
                    + " bytes): written with a schema this version does not know (fingerprint "
                    + Long.toHexString(fingerprint) + ")");
        }
        try {
            return reader.read(null, DecoderFactory.get().binaryDecoder(bytes, HEADER, bytes.length - HEADER,
                    null));
        } catch (IOException | RuntimeException | OutOfMemoryError e) {
            throw new SerializationException(
                    "not a " + type.getSimpleName() + " record (" + bytes.length + " bytes): " + e, e);
        }
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, value) -> encode(value);
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, bytes) -> decode(bytes);
    }

    private static void limitDefault(String property) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, Long.toString(MAX_DECLARED_LENGTH));
        }
    }
}
