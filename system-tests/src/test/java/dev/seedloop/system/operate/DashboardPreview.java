package dev.seedloop.system.operate;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The dashboard's panels laid out on its grid and drawn from a real Prometheus (query_range for time series,
 * instant queries for stats and bars) as one self-contained HTML page, and, where headless Chromium is installed,
 * a PNG of it. Grafana itself does not run here; this shows what its panels would show.
 */
final class DashboardPreview {

    private static final int WIDTH = 1600;
    private static final int ROW = 34;
    private static final String[] COLOURS = {"#7eb26d", "#eab839", "#6ed0e0", "#ef843c", "#e24d42", "#1f78c1",
        "#ba43a9", "#705da0"};
    private static final int MAX_SERIES = 8;

    private DashboardPreview() {
    }

    /** The page's height in pixels: the bottom of the lowest panel. */
    static int height(JsonNode dashboard) {
        int height = 0;
        for (JsonNode panel : dashboard.path("panels")) {
            JsonNode grid = panel.path("gridPos");
            height = Math.max(height, (grid.path("y").asInt() + grid.path("h").asInt()) * ROW);
        }
        return height + 40;
    }

    static String html(JsonNode dashboard, PrometheusServer prometheus, Map<String, String> variables,
            long startSeconds, long endSeconds) throws IOException, InterruptedException {
        StringBuilder page = new StringBuilder();
        int height = height(dashboard) - 40;
        page.append("<!doctype html><html><head><meta charset=\"utf-8\"><title>")
                .append(escape(dashboard.path("title").asText())).append("</title><style>")
                .append("body{margin:0;background:#111217;color:#ccccdc;font:12px sans-serif}")
                .append(".p{position:absolute;box-sizing:border-box;background:#181b1f;border:1px solid #2c3235;")
                .append("border-radius:3px;padding:6px 8px;overflow:hidden}.t{font-weight:600;margin-bottom:4px}")
                .append(".r{position:absolute;font-size:15px;font-weight:600;padding:8px}")
                .append(".s{font-size:34px;font-weight:600;color:#73bf69;text-align:center;margin-top:14px}")
                .append(".l{font-size:10px;line-height:13px;white-space:nowrap;overflow:hidden}</style></head><body>")
                .append("<div style=\"position:relative;width:").append(WIDTH).append("px;height:").append(height + 40)
                .append("px\"><div class=\"r\" style=\"top:0\">").append(escape(dashboard.path("title").asText()))
                .append(" (from Prometheus, the last ").append((endSeconds - startSeconds) / 60)
                .append(" minutes of a demo run)</div>");
        for (JsonNode panel : dashboard.path("panels")) {
            JsonNode grid = panel.path("gridPos");
            int left = grid.path("x").asInt() * WIDTH / 24;
            int top = grid.path("y").asInt() * ROW + 40;
            int width = grid.path("w").asInt() * WIDTH / 24 - 6;
            int panelHeight = grid.path("h").asInt() * ROW - 6;
            if ("row".equals(panel.path("type").asText())) {
                page.append("<div class=\"r\" style=\"top:").append(top).append("px;left:").append(left)
                        .append("px\">").append(escape(panel.path("title").asText())).append("</div>");
                continue;
            }
            page.append("<div class=\"p\" style=\"left:").append(left).append("px;top:").append(top)
                    .append("px;width:").append(width).append("px;height:").append(panelHeight).append("px\">")
                    .append("<div class=\"t\">").append(escape(panel.path("title").asText())).append("</div>");
            String unit = panel.path("fieldConfig").path("defaults").path("unit").asText();
            switch (panel.path("type").asText()) {
                case "stat" -> page.append(stat(panel, prometheus, variables, unit));
                case "bargauge" -> page.append(bars(panel, prometheus, variables, width));
                default -> page.append(lines(panel, prometheus, variables, startSeconds, endSeconds, width,
                        panelHeight - 30, unit));
            }
            page.append("</div>");
        }
        return page.append("</div></body></html>").toString();
    }

    /** Writes the page and, with headless Chromium, its PNG; the PNG's path if one was made. */
    static Optional<Path> render(String html, int height, Path directory) throws IOException, InterruptedException {
        Path page = directory.resolve("dashboard.html");
        Files.writeString(page, html);
        Optional<Path> chromium = Stream.of("chromium", "chromium-browser", "google-chrome")
                .flatMap(name -> Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                        .map(dir -> Path.of(dir, name)))
                .filter(Files::isExecutable).findFirst();
        if (chromium.isEmpty()) {
            return Optional.empty();
        }
        Path png = directory.resolve("dashboard.png");
        Process process = new ProcessBuilder(chromium.get().toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--hide-scrollbars", "--window-size=" + WIDTH + "," + height, "--screenshot=" + png,
                page.toUri().toString()).redirectErrorStream(true).redirectOutput(directory.resolve("chromium.log")
                .toFile()).start();
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return Optional.empty();
        }
        return Files.exists(png) ? Optional.of(png) : Optional.empty();
    }

    private static String stat(JsonNode panel, PrometheusServer prometheus, Map<String, String> variables,
            String unit) throws IOException, InterruptedException {
        JsonNode result = prometheus.query(expression(panel.path("targets").get(0), variables)).path("result");
        StringBuilder text = new StringBuilder("<div class=\"s\">");
        for (JsonNode series : result) {
            text.append(format(series.path("value").path(1).asDouble(), unit)).append(' ');
        }
        return text.append("</div>").toString();
    }

    private static String bars(JsonNode panel, PrometheusServer prometheus, Map<String, String> variables, int width)
            throws IOException, InterruptedException {
        JsonNode target = panel.path("targets").get(0);
        List<double[]> values = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (JsonNode series : prometheus.query(expression(target, variables)).path("result")) {
            labels.add(legend(target, series.path("metric")));
            values.add(new double[] {series.path("value").path(1).asDouble()});
        }
        double max = values.stream().mapToDouble(v -> v[0]).max().orElse(1);
        StringBuilder svg = new StringBuilder("<svg width=\"" + (width - 20) + "\" height=\"" + (values.size() * 16)
                + "\">");
        for (int i = 0; i < values.size() && i < 14; i++) {
            int bar = (int) ((width - 260) * values.get(i)[0] / Math.max(max, 1e-9));
            svg.append(String.format(Locale.ROOT, "<text x=\"0\" y=\"%d\" fill=\"#ccccdc\" font-size=\"10\">%s</text>"
                    + "<rect x=\"170\" y=\"%d\" width=\"%d\" height=\"11\" fill=\"%s\"/>"
                    + "<text x=\"%d\" y=\"%d\" fill=\"#ccccdc\" font-size=\"10\">%.0f</text>", i * 16 + 10,
                    escape(labels.get(i)), i * 16 + 1, bar, COLOURS[i % COLOURS.length], 175 + bar, i * 16 + 10,
                    values.get(i)[0]));
        }
        return svg.append("</svg>").toString();
    }

    private static String lines(JsonNode panel, PrometheusServer prometheus, Map<String, String> variables,
            long start, long end, int width, int height, String unit) throws IOException, InterruptedException {
        List<String> names = new ArrayList<>();
        List<List<double[]>> all = new ArrayList<>();
        for (JsonNode target : panel.path("targets")) {
            for (JsonNode series : prometheus.queryRange(expression(target, variables), start, end, 5)
                    .path("result")) {
                List<double[]> points = new ArrayList<>();
                for (JsonNode value : series.path("values")) {
                    double y = value.path(1).asDouble();
                    if (Double.isFinite(y)) {
                        points.add(new double[] {value.path(0).asDouble(), y});
                    }
                }
                if (!points.isEmpty() && all.size() < MAX_SERIES) {
                    names.add(legend(target, series.path("metric")));
                    all.add(points);
                }
            }
        }
        double max = all.stream().flatMap(List::stream).mapToDouble(p -> p[1]).max().orElse(1);
        max = max <= 0 ? 1 : max * 1.1;
        int plotWidth = (int) (width * 0.62);
        StringBuilder svg = new StringBuilder(String.format(Locale.ROOT, "<svg width=\"%d\" height=\"%d\" "
                + "style=\"float:left\"><text x=\"2\" y=\"10\" fill=\"#8e8e8e\" font-size=\"10\">%s</text>"
                + "<line x1=\"0\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#2c3235\"/>", plotWidth, height,
                format(max, unit), height - 1, plotWidth, height - 1));
        StringBuilder legend = new StringBuilder("<div class=\"l\">");
        for (int s = 0; s < all.size(); s++) {
            StringBuilder path = new StringBuilder();
            for (double[] point : all.get(s)) {
                double x = (point[0] - start) / Math.max(1, end - start) * plotWidth;
                double y = height - 2 - point[1] / max * (height - 14);
                path.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
            }
            String colour = COLOURS[s % COLOURS.length];
            svg.append("<polyline fill=\"none\" stroke=\"").append(colour).append("\" stroke-width=\"1.5\" points=\"")
                    .append(path).append("\"/>");
            double last = all.get(s).get(all.get(s).size() - 1)[1];
            legend.append("<div><span style=\"color:").append(colour).append("\">&#9632;</span> ")
                    .append(escape(names.get(s))).append(" <b>").append(format(last, unit)).append("</b></div>");
        }
        return svg.append("</svg>").append(legend).append("</div>").toString();
    }

    private static String expression(JsonNode target, Map<String, String> variables) {
        String expression = target.path("expr").asText();
        for (Map.Entry<String, String> variable : variables.entrySet()) {
            expression = expression.replace(variable.getKey(), variable.getValue());
        }
        return expression;
    }

    /** Grafana's legend format: {{label}} replaced by the series' label values. */
    private static String legend(JsonNode target, JsonNode metric) {
        String format = target.path("legendFormat").asText();
        for (var field : (Iterable<Map.Entry<String, JsonNode>>) metric::fields) {
            format = format.replace("{{" + field.getKey() + "}}", field.getValue().asText());
        }
        return format.replaceAll("\\{\\{[^}]*}}", "").strip();
    }

    private static String format(double value, String unit) {
        return switch (unit) {
            case "percentunit" -> String.format(Locale.ROOT, "%.0f%%", value * 100);
            case "currencyUSD" -> String.format(Locale.ROOT, "$%.4f", value);
            case "s" -> String.format(Locale.ROOT, "%.0f ms", value * 1000);
            case "reqps" -> String.format(Locale.ROOT, "%.1f/s", value);
            default -> Math.abs(value) >= 10 || value == Math.rint(value) ? String.format(Locale.ROOT, "%.0f", value)
                    : String.format(Locale.ROOT, "%.2f", value);
        };
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
