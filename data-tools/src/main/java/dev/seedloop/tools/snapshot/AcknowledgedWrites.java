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

/** Writes a batch of records and returns only once the broker acknowledged every one: none is lost silently. */
public final class AcknowledgedWrites {

    private AcknowledgedWrites() {
    }

    public static void write(KafkaClients clients, String clientId, List<ProducerRecord<String, byte[]>> records,
            String what) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(clients.producer(clientId),
                new StringSerializer(), new ByteArraySerializer())) {
            List<Future<?>> sent = new ArrayList<>();
            for (ProducerRecord<String, byte[]> record : records) {
                sent.add(producer.send(record));
            }
            producer.flush();
            for (Future<?> future : sent) {
                future.get(30, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new IllegalStateException(what + " failed: " + e, e);
        }
    }
}
