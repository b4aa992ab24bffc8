package dev.seedloop.tools.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * A Stack Exchange data dump's {@code Posts.xml}, streamed: each question is held until its accepted answer
 * arrives (answers follow their questions in the dump), then handed on as one record with the question's line.
 * Questions without an accepted answer, answers that are not accepted, other post types and posts below the
 * minimum score are counted as skipped; a question whose accepted answer never comes is a bad record.
 */
final class StackExchangePosts {

    private static final ObjectMapper JSON = new ObjectMapper();

    private record Question(long line, String id, String title, String body, int score, String license) {
    }

    private StackExchangePosts() {
    }

    static void read(Path file, int minScore, Consumer<RecordReader.Item> items) throws IOException {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        Map<String, Question> awaiting = new LinkedHashMap<>();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            XMLStreamReader xml = factory.createXMLStreamReader(in);
            try {
                while (xml.hasNext()) {
                    if (xml.next() == XMLStreamConstants.START_ELEMENT && xml.getLocalName().equals("row")) {
                        row(xml, minScore, awaiting, items);
                    }
                }
            } catch (XMLStreamException e) {
                long line = e.getLocation() == null ? 0 : e.getLocation().getLineNumber();
                items.accept(new RecordReader.Bad(line, "not Posts.xml: the XML breaks here (" + firstLine(e)
                        + "); the rest is not read"));
            } finally {
                xml.close();
            }
        } catch (XMLStreamException e) {
            items.accept(new RecordReader.Bad(0, "not XML: " + firstLine(e)));
        }
        for (Map.Entry<String, Question> waiting : awaiting.entrySet()) {
            items.accept(new RecordReader.Bad(waiting.getValue().line(), "accepted answer " + waiting.getKey()
                    + " of question " + waiting.getValue().id() + " is not in the file"));
        }
    }

    private static void row(XMLStreamReader xml, int minScore, Map<String, Question> awaiting,
            Consumer<RecordReader.Item> items) {
        long line = xml.getLocation().getLineNumber();
        String id = xml.getAttributeValue(null, "Id");
        String type = xml.getAttributeValue(null, "PostTypeId");
        int score = score(xml.getAttributeValue(null, "Score"));
        if ("1".equals(type)) {
            String accepted = xml.getAttributeValue(null, "AcceptedAnswerId");
            if (accepted == null || accepted.isBlank()) {
                items.accept(new RecordReader.Skipped(line, "question without an accepted answer"));
            } else if (score < minScore) {
                items.accept(new RecordReader.Skipped(line, "question scored below --min-score"));
            } else {
                awaiting.put(accepted, new Question(line, id, xml.getAttributeValue(null, "Title"),
                        xml.getAttributeValue(null, "Body"), score,
                        xml.getAttributeValue(null, "ContentLicense")));
            }
        } else if ("2".equals(type)) {
            Question question = awaiting.remove(id);
            if (question == null) {
                items.accept(new RecordReader.Skipped(line, "answer that is not an accepted one"));
            } else if (score < minScore) {
                items.accept(new RecordReader.Skipped(question.line(), "accepted answer scored below --min-score"));
            } else {
                ObjectNode record = JSON.createObjectNode()
                        .put("id", question.id() + "/" + id)
                        .put("title", question.title() == null ? null : HtmlText.of(question.title()))
                        .put("question", HtmlText.of(question.body()))
                        .put("answer", HtmlText.of(xml.getAttributeValue(null, "Body")))
                        .put("questionScore", question.score())
                        .put("answerScore", score)
                        .put("license", question.license());
                items.accept(new RecordReader.Good(question.line(), record));
            }
        } else {
            items.accept(new RecordReader.Skipped(line, "post type " + type + " (not a question or answer)"));
        }
    }

    private static int score(String value) {
        try {
            return value == null ? 0 : Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            return Integer.MIN_VALUE;
        }
    }

    private static String firstLine(Exception e) {
        String message = String.valueOf(e.getMessage());
        int cut = message.indexOf('\n');
        return (cut < 0 ? message : message.substring(cut + 1)).strip();
    }
}
