package dev.seedloop.tools.snapshot;

import dev.seedloop.runtime.kafka.KafkaClients;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes records and returns only once the broker acknowledged every one: none is lost silently. Records can be
 * handed over all at once or one at a time as a tool makes them ({@link #open}), so that a tool writing millions of
 * records never holds them: every 10,000 records it waits for the broker to acknowledge those sent.
 */
public final class AcknowledgedWrites implements AutoCloseable {

    private static final int CHECK_EVERY = 10_000;

    private final KafkaProducer<String, byte[]> producer;
    private final String what;
    private final List<Future<?>> sent = new ArrayList<>();
    private long count;

    private AcknowledgedWrites(KafkaProducer<String, byte[]> producer, String what) {
        this.producer = producer;
        this.what = what;
    }

    /** A writer whose failures are reported as {@code what} ("writing to seedloop.pool") failed. */
    public static AcknowledgedWrites open(KafkaClients clients, String clientId, String what) {
        return new AcknowledgedWrites(new KafkaProducer<>(clients.producer(clientId), new StringSerializer(),
                new ByteArraySerializer()), what);
    }

    public static void write(KafkaClients clients, String clientId, List<ProducerRecord<String, byte[]>> records,
            String what) {
        try (AcknowledgedWrites writes = open(clients, clientId, what)) {
            records.forEach(writes::send);
        }
    }

    /** Sends {@code record}; every 10,000 records, waits until the broker has acknowledged those sent. */
    public void send(ProducerRecord<String, byte[]> record) {
        try {
            sent.add(producer.send(record));
        } catch (RuntimeException e) {
            throw new IllegalStateException(what + " failed: " + e, e);
        }
        count++;
        if (sent.size() >= CHECK_EVERY) {
            awaitAcknowledged();
        }
    }

    /** Records sent so far. */
    public long count() {
        return count;
    }

    private void awaitAcknowledged() {
        producer.flush();
        try {
            for (Future<?> future : sent) {
                future.get(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(what + " was interrupted", e);
        } catch (Exception e) {
            throw new IllegalStateException(what + " failed: " + e, e);
        }
        sent.clear();
    }

    /** Waits until every record sent is acknowledged, then closes the producer. */
    @Override
    public void close() {
        try {
            awaitAcknowledged();
        } finally {
            producer.close();
        }
    }
}
