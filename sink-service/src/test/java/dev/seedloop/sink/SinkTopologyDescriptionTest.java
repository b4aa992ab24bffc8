package dev.seedloop.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seedloop.schemas.TopicRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The sink's topology as Kafka Streams describes it (sub-topologies, node names, state stores, topics), against
 * the one recorded in {@code src/test/resources/topology/sink.txt}. A running loop's state stores, changelog and
 * repartition topics are named after these nodes: a change here is an upgrade step for its users, so it must be
 * deliberate. The description is written to {@code target/topology/sink.txt}; copy it over the recorded one
 * when the change is intended, and say in docs/OPERATIONS.md what an upgrade needs.
 */
class SinkTopologyDescriptionTest {

    @Test
    void theTopologyIsTheRecordedOne() throws IOException {
        String described = SinkTopology.build(TopicRegistry.standard()).describe().toString();
        Path written = Files.createDirectories(Path.of("target", "topology")).resolve("sink.txt");
        Files.writeString(written, described);

        Path recorded = Path.of("src", "test", "resources", "topology", "sink.txt");
        assertThat(described).as("the sink's topology changed: compare %s with %s", written, recorded)
                .isEqualTo(Files.readString(recorded));
    }
}
