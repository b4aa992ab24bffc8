package dev.seedloop.tools.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seedloop.schemas.avro.Source;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ExampleRowTest {

    @Test
    void addedAtAlwaysHasMillisecondsSoTheTextSortsAsTheTimeDoes() {
        Instant whole = Instant.parse("2026-12-02T10:01:11Z");
        List<Instant> times = List.of(whole.plusMillis(1), whole, whole.plusMillis(990), whole.plusSeconds(1));

        List<String> texts = new ArrayList<>(times.stream().map(ExampleRow.TIME::format).toList());
        texts.sort(Comparator.naturalOrder());

        assertThat(ExampleRow.TIME.format(whole)).isEqualTo("2026-12-02T10:01:11.000Z");
        assertThat(texts).containsExactly("2026-12-02T10:01:11.000Z", "2026-12-02T10:01:11.001Z",
                "2026-12-02T10:01:11.990Z", "2026-12-02T10:01:12.000Z");
    }

    @Test
    void sourceTakesEveryValueTheSourceColumnHolds() {
        for (Source source : Source.values()) {
            assertThat(Export.sources(ExampleRow.source(source))).containsExactly(source);
        }
        assertThat(Export.sources("benchmark-template")).containsExactly(Source.BENCHMARK_TEMPLATE);
        assertThat(Export.sources("benchmark")).containsExactly(Source.BENCHMARK_TEMPLATE);
        assertThat(Export.sources("human")).isEqualTo(Set.of(Source.HUMAN_SEED, Source.HUMAN_DATASET));
        assertThatThrownBy(() -> Export.sources("robots")).hasMessageContaining("benchmark-template")
                .hasMessageContaining("human-dataset");
    }
}
