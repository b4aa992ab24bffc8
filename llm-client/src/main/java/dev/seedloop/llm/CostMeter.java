package dev.seedloop.llm;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/** Tokens and money spent on LLM calls, by stage and model: metrics, and totals for a run's summary. */
public final class CostMeter {

    private final PriceTable prices;
    private final MeterRegistry registry;
    private final Map<String, Usage> usage = new ConcurrentHashMap<>();

    public CostMeter(PriceTable prices, MeterRegistry registry) {
        this.prices = prices;
        this.registry = registry;
    }

    /** Counts one call's tokens and cost. */
    public void record(String stage, String model, long promptTokens, long completionTokens) {
        String name = model == null ? "unknown" : model;
        Usage entry = usage.computeIfAbsent(stage + '|' + name, key -> new Usage(stage, name, registry));
        double cost = prices.cost(name, promptTokens, completionTokens);
        entry.calls.increment();
        entry.promptTokens.add(promptTokens);
        entry.completionTokens.add(completionTokens);
        entry.cost.add(cost);
        entry.costCounter.increment(cost);
    }

    /** USD spent so far, every stage and model. */
    public double totalCost() {
        return usage.values().stream().mapToDouble(entry -> entry.cost.sum()).sum();
    }

    /** Per "stage model": calls, prompt and completion tokens, USD. */
    public Map<String, Totals> totals() {
        Map<String, Totals> totals = new TreeMap<>();
        usage.values().forEach(entry -> totals.put(entry.stage + " " + entry.model, new Totals(entry.stage,
                entry.model, entry.calls.sum(), entry.promptTokens.sum(), entry.completionTokens.sum(),
                entry.cost.sum(), prices.knows(entry.model))));
        return totals;
    }

    /** What one stage spent on one model. */
    public record Totals(String stage, String model, long calls, long promptTokens, long completionTokens,
            double cost, boolean priced) {
    }

    private static final class Usage {
        final String stage;
        final String model;
        final LongAdder calls = new LongAdder();
        final LongAdder promptTokens = new LongAdder();
        final LongAdder completionTokens = new LongAdder();
        final DoubleAdder cost = new DoubleAdder();
        final Counter costCounter;

        Usage(String stage, String model, MeterRegistry registry) {
            this.stage = stage;
            this.model = model;
            this.costCounter = Counter.builder("seedloop.llm.cost").baseUnit("usd")
                    .description("Money spent on LLM calls, from the configured price table")
                    .tag("stage", stage).tag("model", model).register(registry);
        }
    }
}
