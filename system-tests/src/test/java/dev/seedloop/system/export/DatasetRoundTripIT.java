package dev.seedloop.system.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.seedloop.embedding.InProcessEmbedder;
import dev.seedloop.embedding.InstructionEmbedder;
import dev.seedloop.kafka.embedded.EmbeddedKafkaBroker;
import dev.seedloop.launcher.demo.SeedTasks;
import dev.seedloop.llm.simulated.SimulatedLlmConfig;
import dev.seedloop.llm.simulated.SimulatedLlmServer;
import dev.seedloop.runtime.config.ConfigSource;
import dev.seedloop.runtime.config.KafkaSettings;
import dev.seedloop.runtime.kafka.KafkaClients;
import dev.seedloop.runtime.kafka.TopicProvisioner;
import dev.seedloop.schemas.avro.PoolEntry;
import dev.seedloop.schemas.avro.Source;
import dev.seedloop.system.loop.LoopRun;
import dev.seedloop.testkit.Datasets;
import dev.seedloop.testkit.SharedData;
import dev.seedloop.tools.export.Export;
import dev.seedloop.tools.export.ExportFormat;
import dev.seedloop.tools.ingest.BenchmarkTemplate;
import dev.seedloop.tools.ingest.Ingest;
import dev.seedloop.tools.ingest.IngestFormat;
import dev.seedloop.tools.ingest.Verdicts;
import dev.seedloop.tools.snapshot.PoolSnapshot;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.io.LocalInputFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Human data in through ingest, datasets out through export, on a real broker: nothing lost, nothing added. */
@Timeout(240)
class DatasetRoundTripIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static EmbeddedKafkaBroker broker;

    @TempDir
    Path work;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafkaBroker.startTemporary();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    void anAlpacaFileExportsExactlyItsDistinctTriplesInEveryFormat() throws Exception {
        KafkaClients clients = clients("alpaca");
        Path file = SharedData.file("alpaca_5000.jsonl");
        Set<List<String>> triples = new HashSet<>();
        for (JsonNode record : SharedData.jsonLines("alpaca_5000.jsonl")) {
            triples.add(List.of(record.get("instruction").asText(), record.get("input").asText(),
                    record.get("output").asText()));
        }
        ingest(clients, file, IngestFormat.named("alpaca", Map.of()));
        Map<String, PoolEntry> once = PoolSnapshot.read(clients, "test").entries();

        // Ingesting the same file again leaves the pool unchanged
        Ingest.Summary again = ingest(clients, file, IngestFormat.named("alpaca", Map.of()));
        assertThat(again.written()).isZero();
        assertThat(PoolSnapshot.read(clients, "test").entries()).isEqualTo(once);

        // The exported alpaca rows are the file's distinct (instruction, input, output) triples
        Path alpaca = export(clients, ExportFormat.ALPACA, "alpaca.jsonl", Set.of());
        List<JsonNode> rows = lines(alpaca);
        assertThat(rows).hasSize(triples.size());
        assertThat(rows.stream().map(row -> List.of(row.get("instruction").asText(), row.get("input").asText(),
                row.get("output").asText())).collect(java.util.stream.Collectors.toSet())).isEqualTo(triples);
        assertThat(rows.get(0).get("source").asText()).isEqualTo("human-dataset");
        assertThat(rows.get(0).get("license").asText()).isEqualTo("CC-BY-NC-4.0");
        assertThat(rows.get(0).get("method").asText()).isEqualTo("ingest:alpaca");
        assertThat(rows.get(0).get("source_record_id").asText()).startsWith("line ");
        assertThat(rows).allSatisfy(row -> assertThat(row.get("added_at").asText())
                .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"));

        // The same pool gives the same file
        assertThat(Files.readAllBytes(export(clients, ExportFormat.ALPACA, "again.jsonl", Set.of())))
                .isEqualTo(Files.readAllBytes(alpaca));

        // Parquet holds the same rows, read back by an independent reader
        Path parquet = export(clients, ExportFormat.PARQUET, "alpaca.parquet", Set.of());
        List<List<String>> parquetRows = new ArrayList<>();
        try (ParquetReader<GenericRecord> reader = AvroParquetReader.<GenericRecord>builder(
                new LocalInputFile(parquet), new PlainParquetConfiguration()).build()) {
            for (GenericRecord record = reader.read(); record != null; record = reader.read()) {
                parquetRows.add(List.of(record.get("instruction").toString(), record.get("input").toString(),
                        record.get("output").toString(), record.get("license").toString()));
            }
        }
        assertThat(parquetRows).hasSize(rows.size());
        assertThat(parquetRows.get(17)).isEqualTo(List.of(rows.get(17).get("instruction").asText(),
                rows.get(17).get("input").asText(), rows.get(17).get("output").asText(), "CC-BY-NC-4.0"));

        // openai-chat puts the input after the instruction in the user's message
        JsonNode chat = lines(export(clients, ExportFormat.OPENAI_CHAT, "chat.jsonl", Set.of())).get(17);
        assertThat(chat.get("messages").get(0).get("content").asText()).startsWith(rows.get(17).get("instruction")
                .asText());
        assertThat(chat.get("messages").get(1).get("content").asText()).isEqualTo(rows.get(17).get("output")
                .asText());
        assertThat(export(clients, ExportFormat.ALPACA, "machine.jsonl", EnumSet.of(Source.MACHINE))).isEmptyFile();
    }

    @Test
    void everyHumanFormatComesBackWithNothingLost() throws Exception {
        KafkaClients clients = clients("formats");
        int seedInstances = SharedData.jsonLines("seed_tasks.jsonl").stream()
                .mapToInt(task -> task.get("instances").size()).sum();
        Map<String, Integer> expected = new java.util.LinkedHashMap<>();
        expected.put("seed", ingest(clients, SharedData.file("seed_tasks.jsonl"),
                IngestFormat.named("self-instruct", Map.of())).written());
        assertThat(expected.get("seed")).isEqualTo(175);
        Ingest.Summary sharegpt = ingest(clients, sample("sharegpt.json"), IngestFormat.named("sharegpt", Map.of()));
        Ingest.Summary posts = ingest(clients, sample("Posts.xml"), IngestFormat.named("stackexchange", Map.of()));
        Ingest.Summary dolly = ingest(clients, sample("dolly.jsonl"), IngestFormat.named("dolly", Map.of()));
        // the same file through a field mapping: the same instructions, so nothing new
        Ingest.Summary mapped = ingest(clients, sample("dolly.jsonl"), IngestFormat.named("jsonl", Map.of(
                "instruction", "instruction", "input", "context", "output", "response")));
        int benchmarkExamples = 0;
        for (String[] task : new String[][] {{"nli", "snli.jsonl"}, {"sentiment", "sst2.tsv"},
                {"extractive-qa", "squad.jsonl"}, {"summarisation", "xsum.jsonl"}, {"paraphrase", "mrpc.tsv"}}) {
            benchmarkExamples += (int) ingest(clients, sample(task[1]), IngestFormat.named("benchmark", Map.of(),
                    BenchmarkTemplate.load(task[0]), 1)).examples();
        }
        assertThat(sharegpt.examples()).isEqualTo(8);
        assertThat(posts.examples()).isEqualTo(1);
        assertThat(posts.rejected()).isEqualTo(1);
        assertThat(dolly.written()).isEqualTo(3);
        assertThat(mapped.examples()).isEqualTo(3);
        assertThat(mapped.written()).isZero();

        List<JsonNode> human = lines(export(clients, ExportFormat.SHAREGPT, "human.jsonl",
                Export.sources("human")));
        List<JsonNode> benchmark = lines(export(clients, ExportFormat.ALPACA, "benchmark.jsonl",
                Export.sources("benchmark")));

        assertThat(human).hasSize(seedInstances + 8 + 1 + 3);
        assertThat(human).filteredOn(row -> row.get("method").asText().equals("ingest:dolly"))
                .extracting(row -> row.get("conversations").get(1).get("value").asText())
                .contains("Tope", "Virgin Australia commenced services on 31 August 2000 as Virgin Blue, with two "
                        + "aircraft on a single route.");
        assertThat(benchmark).hasSize(benchmarkExamples);
        // A later turn exports as the whole conversation up to it: identity_2 comes back turn for turn
        JsonNode original = JSON.readTree(sample("sharegpt.json").toFile()).get(2).get("conversations");
        assertThat(human).filteredOn(row -> row.get("source_record_id").asText().equals("identity_2#2"))
                .singleElement().satisfies(row -> assertThat(row.get("conversations")).isEqualTo(original));
        assertThat(human).filteredOn(row -> row.get("method").asText().equals("ingest:stackexchange"))
                .singleElement().satisfies(row -> assertThat(row.get("license").asText()).isEqualTo("CC BY-SA 3.0"));
        assertThat(benchmark).allSatisfy(row -> assertThat(row.get("method").asText()).isEqualTo("ingest:benchmark"));
        assertThat(benchmark).extracting(row -> row.get("dataset").asText()).containsOnly("snli", "sst2", "squad",
                "xsum", "mrpc");
    }

    @Test
    void oversizedInvalidAndUnreadableInputIsReportedAndTheRestGoesThrough() throws Exception {
        KafkaClients clients = clients("bad");
        // Given a Stack Exchange dump whose second question has a 600 KB accepted answer, and whose third row
        // holds bytes that are not UTF-8
        String posts = Files.readString(sample("Posts.xml"));
        String huge = "<row Id=\"3\" PostTypeId=\"1\" AcceptedAnswerId=\"4\" Score=\"5\" Title=\"How big can a "
                + "print be?\" Body=\"&lt;p&gt;Big.&lt;/p&gt;\" />\n  <row Id=\"4\" PostTypeId=\"2\" ParentId=\"3\" "
                + "Score=\"5\" Body=\"" + "very ".repeat(120_000) + "\" />\n";
        Path file = work.resolve("Posts.xml");
        Files.writeString(file, posts.replace("</posts>", huge + "</posts>"));
        Path broken = work.resolve("broken-Posts.xml");
        byte[] bytes = Files.readAllBytes(file);
        byte[] cut = java.util.Arrays.copyOf(bytes, bytes.length + 4);
        System.arraycopy(new byte[] {(byte) 0xff, (byte) 0xfe, '<', '/'}, 0, cut, bytes.length, 4);
        Files.write(broken, cut);

        // When both are ingested
        Ingest.Summary summary = ingest(clients, file, IngestFormat.named("stackexchange", Map.of()));
        Ingest.Summary trailing = ingest(clients, broken, IngestFormat.named("stackexchange", Map.of()));

        // Then the oversized record is refused with its size and the rest is written
        assertThat(summary.examples()).isEqualTo(1);
        assertThat(summary.rejectedByReason()).containsKey(
                "record of 585 KiB, over the 512 KiB a pool entry may hold");
        assertThat(Files.readString(work.resolve("Posts.xml.rejects.jsonl"))).contains("\"line\":6",
                "585 KiB").contains("accepted answer 51");
        // And the broken tail is reported with its line, the records before it still read
        assertThat(trailing.rejectedByReason().keySet()).anyMatch(reason -> reason.startsWith("not Posts.xml"));
        assertThat(trailing.alreadyInPool()).isEqualTo(1);

        // And an unreadable record in the pool is counted by export, not exported and not fatal
        try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<byte[], byte[]>(
                clients.producer("bad"), new org.apache.kafka.common.serialization.ByteArraySerializer(),
                new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(clients.settings().topics().pool()
                    .name(), "garbage".getBytes(StandardCharsets.UTF_8), new byte[] {0, 1, 2})).get();
        }
        Path out = work.resolve("bad.jsonl");
        Export.Summary exported = new Export(clients, new Export.Options(ExportFormat.ALPACA, out, Set.of(),
                Optional.empty())).run();
        assertThat(exported.unreadable()).isEqualTo(1);
        assertThat(exported.rows()).isEqualTo(1);
        assertThat(exported.describe(new Export.Options(ExportFormat.ALPACA, out, Set.of(), Optional.empty())))
                .contains("unreadable");
    }

    @Test
    void exportReadsThePoolAsCompactionLeavesItInTimeOrderWithoutHoldingIt() throws Exception {
        KafkaClients clients = clients("compacted");
        String pool = clients.settings().topics().pool().name();
        // Given entries added out of time order, one written twice (the second value counts) and one deleted
        Instant base = Instant.parse("2026-05-01T00:00:00Z");
        List<String> order = List.of("third", "first", "deleted", "second", "rewritten");
        int[] minutes = {30, 10, 15, 20, 5};
        try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<String, byte[]>(
                clients.producer("compacted"), new org.apache.kafka.common.serialization.StringSerializer(),
                new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            for (int i = 0; i < order.size(); i++) {
                PoolEntry entry = entry(order.get(i), "an answer", base.plusSeconds(60L * minutes[i]));
                producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(pool, entry.getId(),
                        clients.settings().topics().pool().valueSerde().serializer().serialize(pool, entry))).get();
            }
            PoolEntry again = entry("rewritten", "a better answer", base.plusSeconds(60L * 25));
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(pool, again.getId(),
                    clients.settings().topics().pool().valueSerde().serializer().serialize(pool, again))).get();
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(pool,
                    entry("deleted", "", base).getId(), (byte[]) null)).get();
        }

        // When the pool is exported
        Path out = work.resolve("compacted.jsonl");
        Export.Summary exported = new Export(clients, new Export.Options(ExportFormat.ALPACA, out, Set.of(),
                Optional.empty())).run();

        // Then each live entry is one row, in time order, with its last value, and nothing is left beside the file
        List<JsonNode> rows = Files.readAllLines(out).stream().map(line -> {
            try {
                return JSON.readTree(line);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).toList();
        assertThat(rows).extracting(row -> row.get("instruction").asText())
                .containsExactly("Task first.", "Task second.", "Task rewritten.", "Task third.");
        assertThat(rows.get(2).get("output").asText()).isEqualTo("a better answer");
        assertThat(exported.entries()).isEqualTo(4);
        try (var files = Files.list(work)) {
            assertThat(files.map(path -> path.getFileName().toString())).containsExactly("compacted.jsonl");
        }
    }

    private static PoolEntry entry(String name, String output, Instant added) {
        String instruction = "Task " + name + ".";
        return PoolEntry.newBuilder().setId(dev.seedloop.schemas.InstructionId.of(instruction))
                .setInstruction(instruction).setInstances(List.of(new dev.seedloop.schemas.avro.Instance("", output)))
                .setSource(Source.HUMAN_DATASET)
                .setProvenance(dev.seedloop.schemas.avro.Provenance.newBuilder().build()).setAddedAt(added).build();
    }

    @Test
    void humanDataIngestedThroughTheFilterIsDeduplicatedAgainstThePool() throws Exception {
        // Given a loop on the seed tasks, its filter, responder and sink running against a simulated LLM
        SimulatedLlmServer llm = SimulatedLlmServer.start(SimulatedLlmConfig.defaults()
                .withLatency(Duration.ofMillis(5)));
        try (llm; LoopRun run = LoopRun.prepare(broker.bootstrapServers(), "filtered", work.resolve("state"),
                SeedTasks.bundled())) {
            run.startFilterAndSink(Map.of()).startResponder(Map.of("llm.base-url", llm.baseUrl(), "llm.model",
                    "simulated"));
            KafkaClients clients = new KafkaClients(KafkaSettings.from(ConfigSource.ofValues(run.settings(Map.of()))));
            // And human data: two seed tasks reworded by one word, and two new tasks
            Path file = work.resolve("mine.jsonl");
            List<JsonNode> seeds = SharedData.jsonLines("seed_tasks.jsonl");
            Files.writeString(file, String.join("\n",
                    row(seeds.get(0).get("instruction").asText() + " please", "", "an answer"),
                    row(seeds.get(1).get("instruction").asText() + " now", "", "another answer"),
                    row("Name three rivers that flow through more than four European countries.", "",
                            "The Danube, the Rhine and the Elbe."),
                    row("Convert the temperature from Fahrenheit to Celsius and show the formula you used.", "451 F",
                            "(451 - 32) x 5/9 = 232.8 C")) + "\n");

            // When it is ingested with --filter, each candidate with its vector as the ingest command writes it
            Ingest.Summary summary;
            try (InstructionEmbedder embedder = new InstructionEmbedder(new InProcessEmbedder(2), 2048)) {
                summary = new Ingest(clients, new Ingest.Options(file, IngestFormat.named("alpaca", Map.of()), "mine",
                        "CC0-1.0", work.resolve("mine.rejects.jsonl"), true), quiet(), embedder, 64).run();
            }
            Verdicts.Outcome outcome = new Verdicts(clients).await(summary.candidateIds(), summary.ingestedAt(),
                    Duration.ofSeconds(90), () -> false);

            // Then the near-copies are rejected as near-duplicates and the new tasks join the pool as human data
            assertThat(summary.candidateIds()).hasSize(4);
            assertThat(outcome.waiting()).isZero();
            assertThat(outcome.rejectedByReason()).isEqualTo(Map.of("instruction:near-duplicate", 2L));
            assertThat(outcome.accepted()).isEqualTo(2);
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(PoolSnapshot.read(clients, "test").entries().values())
                            .filteredOn(entry -> entry.getSource() == Source.HUMAN_DATASET)
                            .extracting(entry -> entry.getProvenance().getDatasetName()).containsExactly("mine",
                                    "mine"));
        }
    }

    private static String row(String instruction, String input, String output) throws Exception {
        return JSON.writeValueAsString(Map.of("instruction", instruction, "input", input, "output", output));
    }

    private KafkaClients clients(String prefix) {
        KafkaClients clients = new KafkaClients(KafkaSettings.from(ConfigSource.ofValues(Map.of(
                KafkaSettings.BOOTSTRAP_SERVERS.name(), broker.bootstrapServers(),
                KafkaSettings.TOPIC_PREFIX.name(), prefix))));
        TopicProvisioner.provision(clients, "round-trip-" + prefix);
        return clients;
    }

    private Ingest.Summary ingest(KafkaClients clients, Path file, IngestFormat format) throws Exception {
        String name = file.getFileName().toString();
        return new Ingest(clients, new Ingest.Options(file, format, format.datasetName() != null
                ? format.datasetName() : name, name.startsWith("alpaca")
                ? "CC-BY-NC-4.0" : "test", work.resolve(name + ".rejects.jsonl")), quiet()).run();
    }

    private Path export(KafkaClients clients, ExportFormat format, String name, Set<Source> sources)
            throws Exception {
        Path out = work.resolve(name);
        new Export(clients, new Export.Options(format, out, sources, Optional.empty())).run();
        return out;
    }

    private static List<JsonNode> lines(Path file) throws Exception {
        List<JsonNode> rows = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            rows.add(JSON.readTree(line));
        }
        return rows;
    }

    private static Path sample(String name) throws Exception {
        return Datasets.file(name);
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    }
}
