package dev.seedloop.launcher.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.seedloop.runtime.llm.CostMeter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The demo's result, for the terminal and as JSON.
 *
 * @param generationUnits generation units the generator started (one prompt, or an evolution and its judgement)
 * @param usage           LLM calls, tokens and cost per "stage model"
 * @param budgetReached   true when {@code --max-cost} stopped the generation
 */
public record RunSummary(LoopStats stats, String llm, long generationUnits, Map<String, CostMeter.Totals> usage,
        boolean budgetReached, Duration elapsed, boolean targetReached, int target, Path dataDir) {

    public RunSummary {
        usage = new TreeMap<>(usage);
    }

    /** USD spent on LLM calls in this run, every stage and model. */
    public double totalCost() {
        return usage.values().stream().mapToDouble(CostMeter.Totals::cost).sum();
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public ObjectNode toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("poolSize", stats.poolSize());
        root.put("seedCount", stats.seedCount());
        root.put("machineCount", stats.machineCount());
        root.put("candidates", stats.candidates());
        root.put("instructionsAccepted", stats.instructionsAccepted());
        root.put("responses", stats.responses());
        root.put("examplesAccepted", stats.examplesJoined());
        ObjectNode rejected = root.putObject("rejected");
        stats.rejected().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(entry -> rejected.put(entry.getKey(), entry.getValue()));
        ObjectNode byStage = root.putObject("rejectedByStage");
        stats.rejectedByStage().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(entry -> byStage.put(entry.getKey().toLowerCase(Locale.ROOT), entry.getValue()));
        ObjectNode rates = root.putObject("acceptanceRate");
        rates.put("instruction", ratio(stats.instructionsAccepted(), stats.candidates()));
        rates.put("output", ratio(stats.examplesAccepted(), stats.responses() + stats.rejectedAt("RESPONSE")));
        root.put("deadLetters", stats.deadLetters());
        root.put("llm", llm);
        root.put("generationUnits", generationUnits);
        ArrayNode calls = root.putArray("llmUsage");
        for (CostMeter.Totals totals : usage.values()) {
            ObjectNode row = calls.addObject();
            row.put("stage", totals.stage());
            row.put("model", totals.model());
            row.put("calls", totals.calls());
            row.put("promptTokens", totals.promptTokens());
            row.put("completionTokens", totals.completionTokens());
            row.put("costUsd", totals.cost());
            row.put("priced", totals.priced());
        }
        root.put("costUsd", totalCost());
        root.put("budgetReached", budgetReached);
        root.put("elapsedSeconds", elapsed.toMillis() / 1000.0);
        root.put("target", target);
        root.put("targetReached", targetReached);
        root.put("dataDir", dataDir.toString());
        return root;
    }

    public void write(Path file) throws IOException {
        if (file.toAbsolutePath().getParent() != null) {
            Files.createDirectories(file.toAbsolutePath().getParent());
        }
        JSON.writeValue(file.toFile(), toJson());
    }

    /** A few lines for people. */
    public String describe() {
        StringBuilder text = new StringBuilder();
        text.append(targetReached ? "done" : budgetReached ? "stopped at the LLM budget" : "stopped before the target").append(" in ")
                .append(String.format(Locale.ROOT, "%.1f s", elapsed.toMillis() / 1000.0)).append('\n');
        text.append(String.format(Locale.ROOT, "  pool          %d instructions (%d seed tasks, %d machine-written)%n",
                stats.poolSize(), stats.seedCount(), stats.machineCount()));
        text.append(String.format(Locale.ROOT, "  this run      %d candidates -> %d instructions accepted (%.0f%%) -> "
                + "%d examples joined the pool%n", stats.candidates(), stats.instructionsAccepted(),
                100 * ratio(stats.instructionsAccepted(), stats.candidates()), stats.examplesJoined()));
        text.append("  rejected      ").append(ProgressLine.reasons(stats.rejected(), 12)).append('\n');
        text.append(String.format(Locale.ROOT, "  dead letters  %d%n", stats.deadLetters()));
        text.append("  LLM           ").append(llm).append(" (").append(generationUnits).append(" generation units")
                .append(budgetReached ? "; stopped by --max-cost" : "").append(")\n");
        for (CostMeter.Totals totals : usage.values()) {
            text.append(String.format(Locale.ROOT, "    %-10s %-24s %6d calls %,10d + %,9d tokens  %s%n",
                    totals.stage(), totals.model(), totals.calls(), totals.promptTokens(), totals.completionTokens(),
                    totals.priced() ? String.format(Locale.ROOT, "%.4f USD", totals.cost()) : "no price"));
        }
        if (!usage.isEmpty()) {
            text.append(String.format(Locale.ROOT, "  cost          %.4f USD%n", totalCost()));
        }
        text.append("  data          ").append(dataDir).append(" (examples.jsonl, logs/seedloop.log)");
        return text.toString();
    }

    static double ratio(long part, long whole) {
        return whole == 0 ? 0.0 : Math.round(1000.0 * part / whole) / 1000.0;
    }
}
