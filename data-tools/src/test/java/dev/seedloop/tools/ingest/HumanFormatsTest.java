package dev.seedloop.tools.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.seedloop.schemas.avro.Instance;
import dev.seedloop.schemas.avro.Turn;
import dev.seedloop.testkit.Datasets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ShareGPT conversations, Stack Exchange dumps and post HTML, on real-shaped samples. */
class HumanFormatsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    @Test
    void everyAnsweredHumanTurnIsAnExampleAndLaterTurnsKeepTheirConversation() throws Exception {
        IngestFormat format = IngestFormat.named("sharegpt", Map.of());
        List<RecordReader.Item> items = read(format, sample("sharegpt.json"));

        List<IngestFormat.Parsed> examples = new ArrayList<>();
        for (RecordReader.Item item : items) {
            examples.addAll(format.parse(((RecordReader.Good) item).record(), 0));
        }

        // 4 conversations with 2 + 1 + 3 + 2 answered turns
        assertThat(examples).hasSize(8);
        IngestFormat.Parsed goodbye = examples.get(5);
        assertThat(goodbye.instruction()).isEqualTo("Goodbye");
        assertThat(goodbye.recordId()).isEqualTo("identity_2#2");
        assertThat(goodbye.conversation()).extracting(Turn::getRole)
                .containsExactly("user", "assistant", "user", "assistant");
        assertThat(goodbye.conversation().get(2).getContent()).isEqualTo("Who are you?");
        assertThat(examples.get(0).conversation()).isEmpty();
        assertThat(examples.get(0).instances()).containsExactly(new Instance("",
                "I am Vicuna, a language model trained by researchers from Large Model Systems Organization "
                        + "(LMSYS)."));
    }

    @Test
    void aConversationWithoutAnAnswerOrWithAStrangeSpeakerIsRefused() {
        IngestFormat format = IngestFormat.named("sharegpt", Map.of());

        assertThatThrownBy(() -> format.parse(JSON.readTree("{\"conversations\": [{\"from\": \"human\", "
                + "\"value\": \"hi\"}]}"), 0)).hasMessage("no human turn followed by an answer");
        assertThatThrownBy(() -> format.parse(JSON.readTree("{\"conversations\": [{\"from\": \"narrator\", "
                + "\"value\": \"hi\"}]}"), 0)).hasMessageContaining("'narrator'");
        assertThatThrownBy(() -> format.parse(JSON.readTree("{\"messages\": []}"), 0))
                .hasMessage("no 'conversations' array");
    }

    @Test
    void aStackExchangeDumpGivesQuestionsWithTheirAcceptedAnswerAsPlainText() throws Exception {
        IngestFormat format = IngestFormat.named("stackexchange", Map.of(), null, 1);
        List<RecordReader.Item> items = read(format, sample("Posts.xml"));

        List<RecordReader.Good> good = items.stream().filter(RecordReader.Good.class::isInstance)
                .map(RecordReader.Good.class::cast).toList();
        assertThat(good).hasSize(1);
        IngestFormat.Parsed health = format.parse(good.get(0).record(), 0).get(0);
        assertThat(health.instruction()).isEqualTo("Is 3D printing safe for your health?");
        assertThat(health.instances().get(0).getInput()).startsWith("I would like to buy a 3D printer")
                .contains("it can be harmful for humans.\n\nWhat do I need to consider").doesNotContain("<p>");
        assertThat(health.instances().get(0).getOutput()).startsWith("There is very little information");
        assertThat(health.recordId()).isEqualTo("2/12");
        assertThat(health.license()).isEqualTo("CC BY-SA 3.0");
        assertThat(good.get(0).line()).isEqualTo(4);
        // the first question's accepted answer (51) is not in this excerpt: reported with the question's line
        assertThat(items).filteredOn(RecordReader.Bad.class::isInstance).singleElement()
                .satisfies(bad -> {
                    assertThat(bad.line()).isEqualTo(3);
                    assertThat(((RecordReader.Bad) bad).reason()).contains("accepted answer 51");
                });
    }

    @Test
    void aMinimumScoreSkipsLowScoredPostsAndCountsThem() throws Exception {
        IngestFormat format = IngestFormat.named("stackexchange", Map.of(), null, 30);

        List<RecordReader.Item> items = read(format, sample("Posts.xml"));

        assertThat(items).filteredOn(RecordReader.Skipped.class::isInstance).extracting(
                item -> ((RecordReader.Skipped) item).reason()).containsExactlyInAnyOrder(
                "question scored below --min-score", "accepted answer scored below --min-score");
        assertThat(items).noneMatch(RecordReader.Good.class::isInstance);
    }

    @Test
    void aFileThatIsNotXmlIsSaidToBeSo() throws Exception {
        Path notXml = work.resolve("Posts.xml");
        Files.writeString(notXml, "{\"instruction\": \"x\"}\n");

        List<RecordReader.Item> items = read(IngestFormat.named("stackexchange", Map.of()), notXml);

        assertThat(items).singleElement().isInstanceOf(RecordReader.Bad.class)
                .satisfies(bad -> assertThat(((RecordReader.Bad) bad).reason()).startsWith("not Posts.xml"));
    }

    @Test
    void postHtmlBecomesTextWithCodeBlocksKept() {
        String html = "<p>Use <code>xs[::-1]</code> or:</p>\n<pre><code>for x in reversed(xs):\n    print(x)\n"
                + "</code></pre>\n<ul><li>fast &amp; short</li><li>lazy</li></ul><blockquote><p>quoted</p>"
                + "</blockquote><p>See <a href=\"https://docs.python.org\">the docs</a>.<br>Bye</p>";

        assertThat(HtmlText.of(html)).isEqualTo("Use `xs[::-1]` or:\n\n```\nfor x in reversed(xs):\n    print(x)\n"
                + "```\n\n- fast & short\n- lazy\n\n> quoted\n\nSee the docs.\nBye");
    }

    static Path sample(String name) {
        return Datasets.file(name);
    }

    static List<RecordReader.Item> read(IngestFormat format, Path file) throws IOException {
        List<RecordReader.Item> items = new ArrayList<>();
        format.read(file, items::add);
        return items;
    }
}
