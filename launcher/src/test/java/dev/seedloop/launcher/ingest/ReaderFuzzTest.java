package dev.seedloop.launcher.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/** Any file fed to ingest: every line is a record or a reason, in order, and nothing throws. */
class ReaderFuzzTest {

    @Property(tries = 500)
    void anyBytesReadAsRecordsOrReasonsWithRisingLineNumbers(@ForAll @Size(max = 3000) byte[] bytes)
            throws IOException {
        for (String format : List.of("alpaca", "sharegpt", "stackexchange")) {
            List<RecordReader.Item> items = read(bytes, format, ".jsonl");
            long previous = -1;
            for (RecordReader.Item item : items) {
                assertThat(item.line()).isGreaterThanOrEqualTo(previous);
                previous = item.line();
            }
        }
    }

    @Property(tries = 500)
    void jsonLikeInputParsesOrIsRefusedWithAReason(@ForAll("jsonish") String text) throws IOException {
        IngestFormat format = IngestFormat.named("sharegpt", Map.of());
        for (RecordReader.Item item : read(text.getBytes(java.nio.charset.StandardCharsets.UTF_8), "sharegpt",
                ".json")) {
            if (item instanceof RecordReader.Good good) {
                try {
                    assertThat(format.parse(good.record(), 0)).isNotEmpty();
                } catch (BadRecordException refused) {
                    assertThat(refused.getMessage()).isNotBlank();
                }
            } else if (item instanceof RecordReader.Bad bad) {
                assertThat(bad.reason()).isNotBlank();
            }
        }
    }

    @Property(tries = 1000)
    void anyHtmlBecomesTextWithoutThrowing(@ForAll("htmlish") String html) {
        assertThat(HtmlText.of(html)).isNotNull().doesNotStartWith(" ");
    }

    @Provide
    Arbitrary<String> jsonish() {
        return Arbitraries.of("[", "]", "{", "}", "\"conversations\"", ":", ",", "\"from\"", "\"value\"", "\"human\"",
                "\"gpt\"", "\"x\"", "null", "1", "\n", " ", "\"\\u0000\"", "\"\\ud800\"", "true")
                .list().ofMaxSize(60).map(parts -> String.join("", parts));
    }

    @Provide
    Arbitrary<String> htmlish() {
        return Arbitraries.of("<p>", "</p>", "<pre>", "</pre>", "<code>", "</code>", "<li>", "<ul>", "</ul>",
                "<blockquote>", "</blockquote>", "<br>", "&amp;", "&lt;", "text", " ", "\n", "<a href='x'>", "</a>",
                "<img alt='i'>", "<script>", "&#0;", "<", ">").list().ofMaxSize(50)
                .map(parts -> String.join("", parts));
    }

    private static List<RecordReader.Item> read(byte[] bytes, String format, String suffix) throws IOException {
        Path file = Files.createTempFile("fuzz", suffix);
        try {
            Files.write(file, bytes);
            List<RecordReader.Item> items = new ArrayList<>();
            IngestFormat.named(format, Map.of()).read(file, items::add);
            return items;
        } finally {
            Files.delete(file);
        }
    }
}
