package dev.seedloop.system.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.seedloop.filter.contamination.EvalSets;
import dev.seedloop.filter.instruction.BenchmarkContaminationRule;
import dev.seedloop.launcher.cluster.Cluster;
import dev.seedloop.launcher.demo.Demo;
import dev.seedloop.launcher.demo.DemoOptions;
import dev.seedloop.runtime.config.KafkaSettings;
import dev.seedloop.runtime.kafka.KafkaClients;
import dev.seedloop.schemas.TopicRegistry;
import dev.seedloop.tools.report.Report;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The report of a demo's data, opened in headless Chromium: every chart draws. */
@Timeout(300)
class ReportIT {

    @TempDir
    Path work;

    @Test
    void theReportOfADemoRendersEveryChartInHeadlessChromium() throws Exception {
        Optional<Path> chromium = Stream.of("chromium", "chromium-browser", "google-chrome")
                .flatMap(name -> Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                        .map(dir -> Path.of(dir, name)))
                .filter(Files::isExecutable).findFirst();
        assumeTrue(chromium.isPresent(), "headless Chromium is not installed (.ci/run installs the Debian package)");
        // Given a demo that grew its pool
        Path dataDir = work.resolve("demo");
        assertThat(new Demo(new DemoOptions(30, dataDir, Optional.empty(), Duration.ofMinutes(3), Map.of(),
                "self-instruct", Optional.empty(), Optional.empty(), Optional.empty()), quiet()).run()).isZero();

        // When the report is written
        Path page = work.resolve("report.html");
        Report.Summary summary;
        try (Cluster cluster = Cluster.connect(Optional.empty(), dataDir, "test", quiet())) {
            KafkaClients clients = new KafkaClients(KafkaSettings.forBootstrap(cluster.bootstrapServers()));
            // with unreadable records among the ones it reads
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(clients.producer("report-test"),
                    new ByteArraySerializer(), new ByteArraySerializer())) {
                TopicRegistry topics = clients.settings().topics();
                for (String topic : List.of(topics.pool().name(), topics.rejections().name(),
                        topics.instructions().name())) {
                    producer.send(new ProducerRecord<>(topic, "garbage".getBytes(StandardCharsets.UTF_8),
                            new byte[] {(byte) 0xff, 0, 0x1b})).get();
                }
            }
            summary = new Report(clients, BenchmarkContaminationRule.index(EvalSets.ALL_SHIPPED, Map.of())).write(page);
        }

        // Then it stands alone, and Chromium draws every chart it holds
        String html = Files.readString(page);
        assertThat(html.replace("xmlns='http://www.w3.org/2000/svg'", "")).doesNotContain("http://", "https://",
                "<link", "src=", "url(");
        assertThat(summary.candidates()).isPositive();
        assertThat(summary.charts()).isEqualTo(9);
        assertThat(summary.unreadable()).isEqualTo(3);
        assertThat(html).contains("3 records could not be read");
        assertThat(html).contains("data-chart='funnel'", "data-chart='rouge'", "data-chart='cosine'",
                "data-chart='verbs'", "data-chart='contamination'");
        Process dump = new ProcessBuilder(chromium.get().toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--virtual-time-budget=5000", "--dump-dom", page.toUri().toString())
                .redirectError(work.resolve("chromium.log").toFile()).start();
        String dom = new String(dump.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(dump.waitFor(90, TimeUnit.SECONDS)).isTrue();
        Matcher rendered = Pattern.compile("data-charts-rendered=\"(\\d+)\"").matcher(dom);
        Matcher expected = Pattern.compile("data-charts-expected=\"(\\d+)\"").matcher(dom);
        assertThat(rendered.find()).as("the page's check ran in Chromium").isTrue();
        assertThat(expected.find()).isTrue();
        assertThat(rendered.group(1)).isEqualTo(expected.group(1)).isEqualTo("9");
        // And the verb-noun chart found verbs in the demo's instructions, and the cosine chart the judge's cosines
        assertThat(html).containsPattern("data-chart='verbs'>.*<rect");
        assertThat(html).containsPattern("data-chart='cosine'>.*<rect");
        Path png = work.resolve("report.png");
        Process shot = new ProcessBuilder(chromium.get().toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--hide-scrollbars", "--window-size=820,3000", "--screenshot=" + png, page.toUri().toString())
                .redirectErrorStream(true).redirectOutput(work.resolve("shot.log").toFile()).start();
        assertThat(shot.waitFor(90, TimeUnit.SECONDS)).isTrue();
        assertThat(png).isNotEmptyFile();
        String keep = System.getProperty("seedloop.report.preview");
        if (keep != null) {
            Files.copy(page, Path.of(keep + ".html"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.copy(png, Path.of(keep + ".png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    }
}
