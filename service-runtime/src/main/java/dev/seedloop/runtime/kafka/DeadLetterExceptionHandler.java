package dev.seedloop.runtime.kafka;

import dev.seedloop.schemas.TopicRegistry;
import dev.seedloop.schemas.avro.DeadLetter;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka Streams handler for records that cannot be read, processed or written: it returns a dead-letter record,
 * which Streams writes in the same transaction as the task's output, and the task keeps going. Only output that
 * can never be written (too large, not serialisable) is dead-lettered; other production errors keep Streams'
 * default of failing, so that a broker problem is not mistaken for a bad record.
 */
public final class DeadLetterExceptionHandler
        implements DeserializationExceptionHandler, ProcessingExceptionHandler, ProductionExceptionHandler {

    /** Config: the dead-letter topic name. */
    public static final String TOPIC_CONFIG = "seedloop.dead-letter.topic";
    /** Config: the stage name written into each dead letter. */
    public static final String STAGE_CONFIG = "seedloop.dead-letter.stage";

    private static final Logger LOGGER = LoggerFactory.getLogger(DeadLetterExceptionHandler.class);

    private String stage = "unknown";
    private String topic = TopicRegistry.standard().deadLetters().name();

    @Override
    public void configure(Map<String, ?> configs) {
        Object stageName = configs.get(STAGE_CONFIG);
        if (stageName != null) {
            stage = stageName.toString();
        }
        Object topicName = configs.get(TOPIC_CONFIG);
        if (topicName != null) {
            topic = topicName.toString();
        }
    }

    @Override
    public DeserializationExceptionHandler.Response handleError(ErrorHandlerContext context,
            ConsumerRecord<byte[], byte[]> record, Exception exception) {
        LOGGER.warn("unreadable record sent to {}: stage={} topic={} partition={} offset={} error={}",
                topic, stage, record.topic(), record.partition(), record.offset(), exception.toString());
        DeadLetter letter = DeadLetters.of(stage + "/deserialize", record.topic(), record.partition(),
                record.offset(), record.key(), record.value(), exception);
        return DeserializationExceptionHandler.Response.resume(List.of(DeadLetters.record(topic, letter)));
    }

    @Override
    public ProcessingExceptionHandler.Response handleError(ErrorHandlerContext context, Record<?, ?> record,
            Exception exception) {
        LOGGER.error("record failed in processor {} and was sent to {}: topic={} partition={} offset={}",
                context.processorNodeId(), topic, context.topic(), context.partition(), context.offset(),
                exception);
        DeadLetter letter = DeadLetters.of(stage + "/" + context.processorNodeId(), context.topic(),
                context.partition(), context.offset(), context.sourceRawKey(), context.sourceRawValue(), exception);
        List<ProducerRecord<byte[], byte[]>> records = List.of(DeadLetters.record(topic, letter));
        return ProcessingExceptionHandler.Response.resume(records);
    }

    @Override
    public ProductionExceptionHandler.Response handleError(ErrorHandlerContext context,
            ProducerRecord<byte[], byte[]> record, Exception exception) {
        if (!(exception instanceof RecordTooLargeException || exception instanceof RecordBatchTooLargeException)) {
            return ProductionExceptionHandler.Response.fail();
        }
        LOGGER.error("output to {} cannot be written ({}); dead-lettered: source topic={} partition={} offset={}",
                record.topic(), exception.toString(), context.topic(), context.partition(), context.offset());
        DeadLetter letter = DeadLetters.of(stage + "/produce:" + record.topic(), context.topic(),
                context.partition(), context.offset(), record.key(), record.value(), exception);
        return ProductionExceptionHandler.Response.resume(List.of(DeadLetters.record(topic, letter)));
    }

    @Override
    @SuppressWarnings("rawtypes")
    public ProductionExceptionHandler.Response handleSerializationError(ErrorHandlerContext context,
            ProducerRecord record, Exception exception, SerializationExceptionOrigin origin) {
        LOGGER.error("output to {} cannot be serialised ({}); dead-lettered: source topic={} partition={} offset={}",
                record.topic(), exception.toString(), context.topic(), context.partition(), context.offset());
        DeadLetter letter = DeadLetters.of(stage + "/serialize:" + record.topic(), context.topic(),
                context.partition(), context.offset(), context.sourceRawKey(), context.sourceRawValue(), exception);
        return ProductionExceptionHandler.Response.resume(List.of(DeadLetters.record(topic, letter)));
    }
}
