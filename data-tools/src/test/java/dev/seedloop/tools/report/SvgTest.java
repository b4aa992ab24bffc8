package dev.seedloop.tools.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SvgTest {

    @Test
    void aLongRowLabelIsShortenedToItsRoomAndKeptWholeInItsTooltip() {
        String wordy = "write: story, paragraph, dialogue, letter, poem, summary, review, speech, essay";

        String svg = Svg.bars(List.of("short", wordy), List.of(Map.of("count", 3.0), Map.of("count", 5.0)),
                List.of("count"));

        // Labels end at the label column's right edge: what is drawn fits between 0 and that edge
        Matcher label = Pattern.compile("<text x='(\\d+)' y='\\d+' font-size='12' text-anchor='end'>([^<]*)<title>"
                + "([^<]*)</title>").matcher(svg);
        assertThat(label.find()).isTrue();
        assertThat(label.find()).isTrue();
        int edge = Integer.parseInt(label.group(1));
        assertThat(label.group(2)).endsWith("\u2026").hasSizeLessThan(wordy.length());
        assertThat(label.group(2).length() * 6.8).isLessThanOrEqualTo(edge);
        assertThat(label.group(3)).isEqualTo(wordy);
    }

    @Test
    void aThresholdLabelSitsAboveTheTallestBarOnTheSideWithRoom() {
        List<String> labels = List.of("0.6", "0.65", "0.7", "0.75", "0.8");
        String svg = Svg.columns(labels, List.of(10.0, 40.0, 80.0, 80.0, 30.0), "max ROUGE-L F", 0.7,
                "threshold 0.7");

        Matcher bar = Pattern.compile("<rect x='[\\d.]+' y='([\\d.]+)'").matcher(svg);
        double highest = Double.MAX_VALUE;
        while (bar.find()) {
            highest = Math.min(highest, Double.parseDouble(bar.group(1)));
        }
        Matcher marker = Pattern.compile("<text x='[\\d.]+' y='(\\d+)' font-size='11' fill='#c44e52' "
                + "text-anchor='(\\w+)'>threshold 0.7</text>").matcher(svg);
        assertThat(marker.find()).as(svg).isTrue();
        assertThat(Integer.parseInt(marker.group(1))).isLessThan((int) highest - 10);
        assertThat(marker.group(2)).isEqualTo("end");
    }
}
