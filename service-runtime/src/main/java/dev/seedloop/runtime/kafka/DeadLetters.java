package dev.seedloop.runtime.kafka;

import dev.seedloop.schemas.AvroSerde;
import dev.seedloop.schemas.avro.DeadLetter;
import dev.seedloop.schemas.avro.SourceCoordinates;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Builds dead-letter records: the raw bytes (cut), the error chain and the source coordinates. */
public final class DeadLetters {

    /** Raw values are cut to this many bytes so that a dead letter always fits in a Kafka record. */
    public static final int MAX_RAW_BYTES = 64 * 1024;

    private static final int MAX_MESSAGE_CHARS = 4096;
    private static final AvroSerde<DeadLetter> SERDE = AvroSerde.of(DeadLetter.class);

    private DeadLetters() {
    }

    /** A dead letter for the record at {@code topic}/{@code partition}/{@code offset} that failed in {@code stage}. */
    public static DeadLetter of(String stage, String topic, int partition, long offset, byte[] key, byte[] value,
            Throwable error) {
        return DeadLetter.newBuilder()
                .setStage(stage)
                .setSource(topic == null ? null : new SourceCoordinates(topic, partition, offset))
                .setKey(key == null ? null : ByteBuffer.wrap(cut(key)))
                .setValue(value == null ? null : ByteBuffer.wrap(cut(value)))
                .setValueSize(value == null ? -1 : value.length)
                .setErrorClass(error.getClass().getName())
                .setErrorMessage(describe(error))
                .setFailedAt(Instant.now())
                .build();
    }

    /** The record to produce: keyed by its source coordinates, so a replay overwrites rather than adds. */
    public static ProducerRecord<byte[], byte[]> record(String topic, DeadLetter letter) {
        SourceCoordinates source = letter.getSource();
        String key = source == null ? letter.getStage()
                : source.getTopic() + "/" + source.getPartition() + "/" + source.getOffset();
        return new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), SERDE.encode(letter));
    }

    /** The messages of the whole cause chain, bounded in length. */
    public static String describe(Throwable error) {
        StringBuilder text = new StringBuilder();
        Throwable current = error;
        int depth = 0;
        while (current != null && depth < 8) {
            if (depth > 0) {
                text.append(" <- ");
            }
            text.append(current.getClass().getSimpleName()).append(": ").append(current.getMessage());
            current = current.getCause() == current ? null : current.getCause();
            depth++;
        }
        return text.length() > MAX_MESSAGE_CHARS ? text.substring(0, MAX_MESSAGE_CHARS) + "..." : text.toString();
    }

    private static byte[] cut(byte[] bytes) {
        return bytes.length <= MAX_RAW_BYTES ? bytes : Arrays.copyOf(bytes, MAX_RAW_BYTES);
    }
}
