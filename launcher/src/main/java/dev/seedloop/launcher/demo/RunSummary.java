package dev.seedloop.launcher.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/** The demo's result, for the terminal and as JSON. */
public record RunSummary(LoopStats stats, String llm, long llmRequests, Duration elapsed, boolean targetReached,
        int target, Path dataDir) {

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
        root.put("llmRequests", llmRequests);
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
        text.append(targetReached ? "done" : "stopped before the target").append(" in ")
                .append(String.format(Locale.ROOT, "%.1f s", elapsed.toMillis() / 1000.0)).append('\n');
        text.append(String.format(Locale.ROOT, "  pool          %d instructions (%d seed tasks, %d machine-written)%n",
                stats.poolSize(), stats.seedCount(), stats.machineCount()));
        text.append(String.format(Locale.ROOT, "  this run      %d candidates -> %d instructions accepted (%.0f%%) -> "
                + "%d examples joined the pool%n", stats.candidates(), stats.instructionsAccepted(),
                100 * ratio(stats.instructionsAccepted(), stats.candidates()), stats.examplesJoined()));
        text.append("  rejected      ").append(ProgressLine.reasons(stats.rejected(), 12)).append('\n');
        text.append(String.format(Locale.ROOT, "  dead letters  %d%n", stats.deadLetters()));
        text.append("  LLM           ").append(llm).append(" (").append(llmRequests).append(" requests)\n");
        text.append("  data          ").append(dataDir).append(" (examples.jsonl, logs/seedloop.log)");
        return text.toString();
    }

    static double ratio(long part, long whole) {
        return whole == 0 ? 0.0 : Math.round(1000.0 * part / whole) / 1000.0;
    }
}
