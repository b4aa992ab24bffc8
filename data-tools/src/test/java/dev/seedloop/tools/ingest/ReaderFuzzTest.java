package dev.seedloop.tools.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seedloop.testkit.Fuzz;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Any file fed to ingest: every line is a record or a reason, in order, and nothing throws. */
class ReaderFuzzTest {

    private static final List<String> JSONISH = List.of("[", "]", "{", "}", "\"conversations\"", ":", ",",
            "\"from\"", "\"value\"", "\"human\"", "\"gpt\"", "\"x\"", "null", "1", "\n", " ", "\"\\u0000\"",
            "\"\\ud800\"", "true");
    private static final List<String> HTMLISH = List.of("<p>", "</p>", "<pre>", "</pre>", "<code>", "</code>",
            "<li>", "<ul>", "</ul>", "<blockquote>", "</blockquote>", "<br>", "&amp;", "&lt;", "text", " ", "\n",
            "<a href='x'>", "</a>", "<img alt='i'>", "<script>", "&#0;", "<", ">");

    @TempDir
    Path work;

    @Test
    void anyBytesReadAsRecordsOrReasonsWithRisingLineNumbers() {
        Fuzz.check(500, 9, random -> Fuzz.bytes(random, 3000), bytes -> {
            for (String format : List.of("alpaca", "sharegpt", "stackexchange", "benchmark")) {
                long previous = -1;
                for (RecordReader.Item item : read(bytes, format, format.equals("benchmark") ? ".tsv" : ".jsonl")) {
                    assertThat(item.line()).isGreaterThanOrEqualTo(previous);
                    previous = item.line();
                }
            }
        });
    }

    @Test
    void jsonLikeInputParsesOrIsRefusedWithAReason() {
        IngestFormat format = IngestFormat.named("sharegpt", Map.of());
        Fuzz.check(500, 10, random -> Fuzz.join(random, JSONISH, 60), text -> {
            for (RecordReader.Item item : read(text.getBytes(StandardCharsets.UTF_8), "sharegpt", ".json")) {
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
        });
    }

    @Test
    void anyHtmlBecomesTextWithoutThrowing() {
        Fuzz.check(1000, 11, random -> random.nextBoolean() ? Fuzz.join(random, HTMLISH, 50)
                : Fuzz.text(random, 500), html -> assertThat(HtmlText.of(html)).isNotNull().doesNotStartWith(" "));
    }

    private List<RecordReader.Item> read(byte[] bytes, String format, String suffix) {
        try {
            Path file = work.resolve("fuzz" + suffix);
            Files.write(file, bytes);
            List<RecordReader.Item> items = new ArrayList<>();
            IngestFormat.named(format, Map.of(), format.equals("benchmark") ? BenchmarkTemplate.load("sentiment")
                    : null, 1).read(file, items::add);
            return items;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
