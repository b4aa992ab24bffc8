package dev.seedloop.kafka.embedded;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.AbortTransactionSpec;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeTransactionsResult;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TransactionalIdNotFoundException;
import org.apache.kafka.common.utils.Utils;
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
    private static final String TRANSACTION_LOG = "__transaction_state";
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
        if (!awaitCoordinator(admin, topics)) {
            LOGGER.warn("not looking for hanging transactions: the transaction coordinator has not loaded its state "
                    + "within {} s, and without it a transaction being committed would look hanging", TIMEOUT_SECONDS);
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
     * Waits until the transaction coordinator has loaded every partition of its log; false if it has not within the
     * timeout. Until a partition is loaded, the coordinator lists none of its transactions and reports no error, so
     * a transaction it is about to finish committing (its markers written to some partitions, not yet to others)
     * would look hanging, and aborting it on the rest would commit its records without its offsets. A probe id per
     * partition is described: the coordinator answers "not found" only once the partition is loaded, and "loading"
     * or "not the coordinator" before, which the admin client retries.
     */
    static boolean awaitCoordinator(Admin admin, Set<String> topics) throws Exception {
        if (!topics.contains(TRANSACTION_LOG)) {
            return true;
        }
        int partitions = admin.describeTopics(List.of(TRANSACTION_LOG)).allTopicNames()
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS).get(TRANSACTION_LOG).partitions().size();
        List<String> probes = probeIds(partitions);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        List<String> waiting = new ArrayList<>(probes);
        while (!waiting.isEmpty()) {
            DescribeTransactionsResult described = admin.describeTransactions(waiting);
            List<String> still = new ArrayList<>();
            for (String id : waiting) {
                try {
                    described.description(id).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TransactionalIdNotFoundException)) {
                        still.add(id);
                    }
                } catch (TimeoutException e) {
                    still.add(id);
                }
            }
            waiting = still;
            if (!waiting.isEmpty()) {
                if (System.nanoTime() > deadline) {
                    return false;
                }
                Thread.sleep(100);
            }
        }
        return true;
    }

    /**
     * One transactional id for each partition of the coordinator's log, placed as the coordinator places ids: by
     * the absolute value of the id's hash code modulo the partition count.
     */
    static List<String> probeIds(int partitions) {
        String[] probes = new String[partitions];
        int found = 0;
        for (int i = 0; found < partitions; i++) {
            String id = "seedloop-coordinator-probe-" + i;
            int partition = Utils.abs(id.hashCode()) % partitions;
            if (probes[partition] == null) {
                probes[partition] = id;
                found++;
            }
        }
        return List.of(probes);
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
