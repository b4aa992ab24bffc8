package dev.seedloop.schemas;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Objects;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SystemLimitException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
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

    private final Class<T> type;
    private final BinaryMessageEncoder<T> encoder;
    private final BinaryMessageDecoder<T> decoder;

    private AvroSerde(Class<T> type, Schema schema) {
        this.type = type;
        SpecificData model = SpecificData.getForClass(type);
        this.encoder = new BinaryMessageEncoder<>(model, schema);
        this.decoder = new BinaryMessageDecoder<>(model, schema);
        SchemaHistory.of(type.getSimpleName()).forEach(decoder::addSchema);
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
        try {
            return decoder.decode(bytes);
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
