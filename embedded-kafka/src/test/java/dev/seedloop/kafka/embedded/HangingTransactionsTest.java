package dev.seedloop.kafka.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

class HangingTransactionsTest {

    @Test
    void theCoordinatorIsProbedOnEveryPartitionOfItsLogOnce() {
        for (int partitions : new int[] {1, 5, 50}) {
            List<String> probes = HangingTransactions.probeIds(partitions);

            assertThat(probes).hasSize(partitions).doesNotHaveDuplicates();
            assertThat(probes.stream().map(id -> Utils.abs(id.hashCode()) % partitions).collect(Collectors.toList()))
                    .as("the partition each probe falls on, as the coordinator places transactional ids")
                    .containsExactlyElementsOf(java.util.stream.IntStream.range(0, partitions).boxed().toList());
        }
    }
}
