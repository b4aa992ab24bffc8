package dev.seedloop.launcher.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.seedloop.llm.CostMeter;
import java.io.IOException;
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
        root.put("ingestedCount", stats.ingestedCount());
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
        rates.put("response", ratio(stats.examplesAccepted(), stats.responses() + stats.rejectedAt("RESPONDER")));
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

    /** Writes the JSON summary to {@code file}, in a folder that must exist (the command checked it). */
    public void write(Path file) throws IOException {
        JSON.writeValue(file.toFile(), toJson());
    }

    /** A few lines for people. */
    public String describe() {
        StringBuilder text = new StringBuilder();
        text.append(targetReached ? "done" : budgetReached ? "stopped at the LLM budget" : "stopped before the target").append(" in ")
                .append(String.format(Locale.ROOT, "%.1f s", elapsed.toMillis() / 1000.0)).append('\n');
        text.append(String.format(Locale.ROOT, "  pool          %d instructions: %d seed, %d ingested, %d "
                + "machine-written%n", stats.poolSize(), stats.seedCount(), stats.ingestedCount(),
                stats.machineCount()));
        text.append(String.format(Locale.ROOT, "  this run      %d candidates -> %d instructions accepted (%.0f%%)%n"
                + "                -> %d examples joined the pool%n", stats.candidates(), stats.instructionsAccepted(),
                100 * ratio(stats.instructionsAccepted(), stats.candidates()), stats.examplesJoined()));
        if (stats.examplesJoined() > target) {
            // This run's own candidates stop at the target: more can only come from an earlier run's work
            text.append(String.format(Locale.ROOT, "                (%d beyond the target of %d: work an earlier run "
                    + "left in flight joined too)%n", stats.examplesJoined() - target, target));
        }
        text.append(wrap("  rejected      ", ProgressLine.allReasons(stats.rejected()))).append('\n');
        text.append(String.format(Locale.ROOT, "  dead letters  %d%n", stats.deadLetters()));
        java.util.Set<String> models = new java.util.TreeSet<>();
        usage.values().forEach(totals -> models.add(totals.model()));
        text.append("  LLM           ").append(llm).append(models.isEmpty() ? "" : ", " + String.join(", ", models))
                .append(" (").append(generationUnits).append(" generation units")
                .append(budgetReached ? "; stopped by --max-cost" : "").append(")\n");
        for (CostMeter.Totals totals : usage.values()) {
            text.append(String.format(Locale.ROOT, "    %-9s %,7d calls %,11d + %,9d tokens %12s%s%n",
                    totals.stage(), totals.calls(), totals.promptTokens(), totals.completionTokens(),
                    totals.priced() ? String.format(Locale.ROOT, "%.4f USD", totals.cost()) : "no price",
                    models.size() > 1 ? "  " + totals.model() : ""));
        }
        if (!usage.isEmpty()) {
            text.append(String.format(Locale.ROOT, "  cost          %.4f USD%n", totalCost()));
        }
        text.append("  examples      ").append(dataDir.resolve("examples.jsonl")).append('\n');
        text.append("  logs          ").append(dataDir.resolve("logs").resolve("seedloop.log"));
        return text.toString();
    }

    /** {@code text} after {@code label}, wrapped at commas to 80 columns, continued under the label's end. */
    static String wrap(String label, String text) {
        StringBuilder wrapped = new StringBuilder(label);
        int column = label.length();
        String indent = " ".repeat(label.length());
        String[] parts = text.split(", ");
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i] + (i + 1 < parts.length ? "," : "");
            if (column > label.length() && column + 1 + part.length() > 79) {
                wrapped.append('\n').append(indent);
                column = label.length();
            } else if (column > label.length()) {
                wrapped.append(' ');
                column++;
            }
            wrapped.append(part);
            column += part.length();
        }
        return wrapped.toString();
    }

    static double ratio(long part, long whole) {
        return whole == 0 ? 0.0 : Math.round(1000.0 * part / whole) / 1000.0;
    }
}
