package dev.seedloop.filter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seedloop.runtime.config.ConfigSource;
import dev.seedloop.schemas.TopicRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The filter's topology as Kafka Streams describes it (sub-topologies, node names, state stores, topics), against
 * the one recorded in {@code src/test/resources/topology/filter.txt}. A running loop's state stores, changelog and
 * repartition topics are named after these nodes: a change here is an upgrade step for its users, so it must be
 * deliberate. The description is written to {@code target/topology/filter.txt}; copy it over the recorded one
 * when the change is intended, and say in docs/OPERATIONS.md what an upgrade needs.
 */
class FilterTopologyDescriptionTest {

    @Test
    void theTopologyIsTheRecordedOne() throws IOException {
        String described = FilterTopology.build(FilterRules.from(ConfigSource.ofValues(Map.of())),
                TopicRegistry.standard(), new SimpleMeterRegistry()).describe().toString();
        Path written = Files.createDirectories(Path.of("target", "topology")).resolve("filter.txt");
        Files.writeString(written, described);

        Path recorded = Path.of("src", "test", "resources", "topology", "filter.txt");
        assertThat(described).as("the filter's topology changed: compare %s with %s", written, recorded)
                .isEqualTo(Files.readString(recorded));
    }
}
