package dev.seedloop.kafka.embedded;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.AbortTransactionSpec;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds and aborts hanging transactions: records of a transaction that a partition still holds open while the
 * transaction coordinator no longer does (it completed the transaction, or never knew the partition took part), so
 * no marker will ever close it. Such a transaction pins the partition's last stable offset: read-committed readers
 * (every stage) stop there, and a consumer group whose offsets are pending in it cannot even read its position.
 * A process killed while it committed can leave one behind.
 * <p>
 * This is Kafka's own remedy ({@code kafka-transactions.sh find-hanging} and {@code abort}, KIP-664), run when a
 * data directory's broker starts, before anything writes to it: a transaction whose producer is gone and that the
 * coordinator does not consider open can only be aborted. Its records never became visible, and the offsets it would
 * have committed are not committed, so the stage that wrote it reads its input again: exactly once still holds.
 */
final class HangingTransactions {

    private static final Logger LOGGER = LoggerFactory.getLogger(HangingTransactions.class);
    private static final long TIMEOUT_SECONDS = 30;
    /** Coordinator states in which the coordinator itself will finish the transaction: not hanging. */
    private static final Set<TransactionState> FINISHED_BY_COORDINATOR = Set.of(TransactionState.ONGOING,
            TransactionState.PREPARE_COMMIT, TransactionState.PREPARE_ABORT, TransactionState.PREPARE_EPOCH_FENCE);

    private HangingTransactions() {
    }

    /** Aborts every hanging transaction on the broker {@code admin} talks to; returns the partitions it closed. */
    static List<TopicPartition> abort(Admin admin) throws Exception {
        Set<String> topics = admin.listTopics(new ListTopicsOptions().listInternal(true)).names()
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        List<TopicPartition> partitions = new ArrayList<>();
        admin.describeTopics(topics).allTopicNames().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).forEach((topic, description)
                -> description.partitions().forEach(p -> partitions.add(new TopicPartition(topic, p.partition()))));
        Map<TopicPartition, List<ProducerState>> open = new HashMap<>();
        admin.describeProducers(partitions).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).forEach((partition, state)
                -> state.activeProducers().stream().filter(p -> p.currentTransactionStartOffset().isPresent())
                        .forEach(p -> open.computeIfAbsent(partition, ignored -> new ArrayList<>()).add(p)));
        if (open.isEmpty()) {
            return List.of();
        }
        Map<Long, TransactionDescription> coordinator = new HashMap<>();
        List<String> ids = admin.listTransactions().all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).stream()
                .map(TransactionListing::transactionalId).toList();
        admin.describeTransactions(ids).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                .values().forEach(description -> coordinator.put(description.producerId(), description));
        List<TopicPartition> aborted = new ArrayList<>();
        for (Map.Entry<TopicPartition, List<ProducerState>> entry : open.entrySet()) {
            for (ProducerState producer : entry.getValue()) {
                TransactionDescription known = coordinator.get(producer.producerId());
                boolean stillOpen = known != null && FINISHED_BY_COORDINATOR.contains(known.state())
                        && known.topicPartitions().contains(entry.getKey());
                if (stillOpen) {
                    continue;
                }
                LOGGER.warn("aborting a hanging transaction on {}: producer {} epoch {} open since offset {}; its "
                        + "coordinator says {}", entry.getKey(), producer.producerId(), producer.producerEpoch(),
                        producer.currentTransactionStartOffset().getAsLong(), known == null ? "nothing"
                        : known.state());
                admin.abortTransaction(new AbortTransactionSpec(entry.getKey(), producer.producerId(),
                        (short) producer.producerEpoch(), producer.coordinatorEpoch().orElse(-1))).all()
                        .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                aborted.add(entry.getKey());
            }
        }
        return aborted;
    }

    /**
     * Waits until no transaction is between its decision and its markers (prepare-commit or prepare-abort), or
     * {@code timeout} passes: a broker stopped in between can leave the partitions open.
     */
    static boolean awaitMarkers(Admin admin, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            boolean preparing = admin.listTransactions().all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).stream()
                    .anyMatch(listing -> listing.state() == TransactionState.PREPARE_COMMIT
                            || listing.state() == TransactionState.PREPARE_ABORT);
            if (!preparing) {
                return true;
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(50);
        }
    }
}
