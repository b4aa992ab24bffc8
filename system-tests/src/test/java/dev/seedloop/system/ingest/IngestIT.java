package dev.seedloop.system.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seedloop.kafka.embedded.EmbeddedKafkaBroker;
import dev.seedloop.runtime.config.KafkaSettings;
import dev.seedloop.runtime.kafka.KafkaClients;
import dev.seedloop.runtime.kafka.TopicProvisioner;
import dev.seedloop.schemas.Topic;
import dev.seedloop.schemas.avro.PoolEntry;
import dev.seedloop.schemas.avro.Source;
import dev.seedloop.testkit.SharedData;
import dev.seedloop.testkit.TopicReader;
import dev.seedloop.tools.ingest.Ingest;
import dev.seedloop.tools.ingest.IngestFormat;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Ingest into a real broker's pool topic: provenance on every entry, nothing new the second time. */
@Timeout(180)
class IngestIT {

    private static EmbeddedKafkaBroker broker;
    private static KafkaClients clients;

    @TempDir
    Path work;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafkaBroker.startTemporary();
        clients = new KafkaClients(KafkaSettings.forBootstrap(broker.bootstrapServers()));
        TopicProvisioner.provision(clients, "ingest-test");
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    void anAlpacaFileIngestedTwiceIsInThePoolOnceWithItsProvenance() throws Exception {
        // Given Alpaca's data, 5,000 records, with a few broken lines appended
        Path file = work.resolve("alpaca.jsonl");
        Files.copy(SharedData.file("alpaca_5000.jsonl"), file);
        Files.writeString(file, "{\"instruction\": \"\", \"output\": \"x\"}\nnot json\n",
                java.nio.file.StandardOpenOption.APPEND);
        Ingest.Options options = new Ingest.Options(file, IngestFormat.named("alpaca", Map.of()), "alpaca",
                "CC-BY-NC-4.0", work.resolve("alpaca.rejects.jsonl"));
        List<String> distinct = SharedData.field("alpaca_5000.jsonl", "instruction").stream().distinct().toList();

        // When it is ingested, and then again
        Ingest.Summary first = new Ingest(clients, options, quiet()).run();
        int recordsAfterFirst = pool().size();
        Ingest.Summary second = new Ingest(clients, options, quiet()).run();

        // Then every distinct instruction is in the pool once, with its provenance, and the second time added nothing
        assertThat(first.records()).isEqualTo(5002);
        assertThat(first.rejected()).isEqualTo(2);
        assertThat(first.written()).isEqualTo(distinct.size());
        assertThat(second.written()).isZero();
        assertThat(second.alreadyInPool()).isEqualTo(distinct.size());
        List<PoolEntry> pool = pool();
        assertThat(pool).hasSize(recordsAfterFirst);
        Set<String> instructions = new HashSet<>();
        pool.forEach(entry -> instructions.add(entry.getInstruction()));
        assertThat(instructions).containsAll(distinct);
        assertThat(pool).allSatisfy(entry -> {
            assertThat(entry.getSource()).isEqualTo(Source.HUMAN_DATASET);
            assertThat(entry.getProvenance().getDatasetName()).isEqualTo("alpaca");
            assertThat(entry.getProvenance().getLicense()).isEqualTo("CC-BY-NC-4.0");
            assertThat(entry.getProvenance().getSourceRecordId()).startsWith("line ");
            assertThat(entry.getAddedAt()).isNotNull();
        });
        assertThat(Files.readAllLines(options.rejects(), StandardCharsets.UTF_8)).hasSize(2)
                .anySatisfy(line -> assertThat(line).contains("\"line\":5001", "empty instruction"))
                .anySatisfy(line -> assertThat(line).contains("\"line\":5002", "not JSON"));
    }

    @Test
    void aFileOfAnotherFormatIsRefusedWithinItsFirstRecords() {
        Ingest.Options options = new Ingest.Options(SharedData.file("alpaca_5000.jsonl"),
                IngestFormat.named("dolly", Map.of()), "x", "unknown", work.resolve("rejects.jsonl"));

        assertThatThrownBy(() -> new Ingest(clients, options, quiet()).run())
                .isInstanceOf(Ingest.WrongFormatException.class)
                .hasMessageContaining("first 20 records")
                .hasMessageContaining("no 'response' field");
        // The rejects written while the format was still in doubt are removed: the file was not read at all
        assertThat(options.rejects()).doesNotExist();
    }

    private static List<PoolEntry> pool() {
        Topic<String, PoolEntry> topic = clients.settings().topics().pool();
        return TopicReader.readAll(broker.bootstrapServers(), topic.name()).stream()
                .map(record -> topic.valueSerde().deserializer().deserialize(topic.name(), record.value())).toList();
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    }
}
