package dev.seedloop.runtime.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seedloop.schemas.AvroSerde;
import dev.seedloop.schemas.avro.DeadLetter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.Test;

class DeadLetterExceptionHandlerTest {

    private final DeadLetterExceptionHandler handler = new DeadLetterExceptionHandler();

    @Test
    void anUnreadableRecordBecomesADeadLetterWithItsCoordinatesAndTheTaskResumes() {
        // Given
        handler.configure(Map.of(DeadLetterExceptionHandler.TOPIC_CONFIG, "team.dead-letters",
                DeadLetterExceptionHandler.STAGE_CONFIG, "filter-service"));
        byte[] value = "garbage".getBytes(StandardCharsets.UTF_8);
        ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>("team.candidates", 0, 42L, null, value);

        // When
        DeserializationExceptionHandler.Response response = handler.handleError(context(), record,
                new SerializationException("not a CandidateInstruction record"));

        // Then
        assertThat(response.result()).isEqualTo(DeserializationExceptionHandler.Result.RESUME);
        List<ProducerRecord<byte[], byte[]>> records = response.deadLetterQueueRecords();
        assertThat(records).hasSize(1);
        assertThat(records.get(0).topic()).isEqualTo("team.dead-letters");
        assertThat(new String(records.get(0).key(), StandardCharsets.UTF_8)).isEqualTo("team.candidates/0/42");
        DeadLetter letter = AvroSerde.of(DeadLetter.class).decode(records.get(0).value());
        assertThat(letter.getStage()).isEqualTo("filter-service/deserialize");
        assertThat(letter.getSource().getOffset()).isEqualTo(42L);
        assertThat(letter.getKey()).isNull();
        assertThat(StandardCharsets.UTF_8.decode(letter.getValue()).toString()).isEqualTo("garbage");
        assertThat(letter.getValueSize()).isEqualTo(7);
        assertThat(letter.getErrorMessage()).contains("not a CandidateInstruction record");
    }

    @Test
    void aHugeValueIsCutSoTheDeadLetterStillFitsInARecord() {
        byte[] value = new byte[10 * 1024 * 1024];
        Arrays.fill(value, (byte) 'x');
        ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>("seedloop.candidates", 0, 1L, null, value);

        DeserializationExceptionHandler.Response response = handler.handleError(context(), record,
                new SerializationException("too big"));

        DeadLetter letter = AvroSerde.of(DeadLetter.class).decode(response.deadLetterQueueRecords().get(0).value());
        assertThat(letter.getValue().remaining()).isEqualTo(DeadLetters.MAX_RAW_BYTES);
        assertThat(letter.getValueSize()).isEqualTo(value.length);
        assertThat(response.deadLetterQueueRecords().get(0).value().length).isLessThan(100 * 1024);
    }

    private static ErrorHandlerContext context() {
        return new ErrorHandlerContext() {
            @Override
            public String topic() {
                return "seedloop.candidates";
            }

            @Override
            public int partition() {
                return 0;
            }

            @Override
            public long offset() {
                return 42L;
            }

            @Override
            public Headers headers() {
                return new RecordHeaders();
            }

            @Override
            public String processorNodeId() {
                return "candidates-source";
            }

            @Override
            public TaskId taskId() {
                return new TaskId(0, 0);
            }

            @Override
            public long timestamp() {
                return 0L;
            }

            @Override
            public byte[] sourceRawKey() {
                return null;
            }

            @Override
            public byte[] sourceRawValue() {
                return null;
            }
        };
    }
}
