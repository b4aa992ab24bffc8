package dev.seedloop.tools.report;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Charts as inline SVG: no script, no network, readable in any browser and in print. */
final class Svg {

    static final List<String> PALETTE = List.of("#3b6ea8", "#e0803a", "#4f9a5a", "#c44e52", "#8172b3", "#937860",
            "#da8bc3", "#8c8c8c", "#ccb974", "#64b5cd");

    private Svg() {
    }

    /**
     * One bar per label, left to right; a marker (a threshold) is a dashed line with its label in a band of its own
     * above the bars, on whichever side of the line has room, so it never covers a bar.
     */
    static String columns(List<String> labels, List<Double> values, String xTitle, Double marker, String markerLabel) {
        int width = 720;
        int height = 260;
        int bottom = 40;
        int top = marker == null ? 10 : 26;
        double max = roundUp(values.stream().mapToDouble(Double::doubleValue).max().orElse(1));
        int left = axisMargin(max);
        double step = (width - left - 10.0) / Math.max(1, values.size());
        StringBuilder svg = open(width, height);
        axis(svg, left, height - bottom, width - 10, max, height - bottom - top);
        for (int i = 0; i < values.size(); i++) {
            double h = values.get(i) / max * (height - bottom - top);
            double x = left + i * step;
            svg.append(String.format(Locale.ROOT, "<rect x='%.1f' y='%.1f' width='%.1f' height='%.1f' fill='%s'>"
                    + "<title>%s: %s</title></rect>", x + 1, height - bottom - h, Math.max(1, step - 2), h,
                    PALETTE.get(0), escape(labels.get(i)), number(values.get(i))));
            if (values.size() <= 12 || i % (values.size() / 10 + 1) == 0) {
                svg.append(String.format(Locale.ROOT, "<text x='%.1f' y='%d' font-size='10' text-anchor='middle'>%s"
                        + "</text>", x + step / 2, height - bottom + 14, escape(labels.get(i))));
            }
        }
        if (marker != null) {
            double x = left + marker * (width - left - 10);
            boolean rightHalf = x > (left + width) / 2.0;
            svg.append(String.format(Locale.ROOT, "<line x1='%.1f' x2='%.1f' y1='%d' y2='%d' stroke='#c44e52' "
                    + "stroke-dasharray='4 3'/><text x='%.1f' y='14' font-size='11' fill='#c44e52' "
                    + "text-anchor='%s'>%s</text>", x, x, top - 6, height - bottom, rightHalf ? x - 4 : x + 4,
                    rightHalf ? "end" : "start", escape(markerLabel)));
        }
        svg.append(String.format(Locale.ROOT, "<text x='%d' y='%d' font-size='11' text-anchor='middle'>%s</text>",
                (width + left) / 2, height - 4, escape(xTitle)));
        return svg.append("</svg>").toString();
    }

    /** One horizontal bar per row, split into coloured parts; a legend names the parts when there are several. */
    static String bars(List<String> rows, List<Map<String, Double>> parts, List<String> legend) {
        int rowHeight = 22;
        // As wide as the longest label needs, within bounds; a longer one is shortened, whole in its tooltip
        int labelWidth = (int) Math.min(MAX_LABEL_WIDTH, Math.max(120, 16 + CHAR_WIDTH_12 * rows.stream()
                .mapToInt(String::length).max().orElse(0)));
        int width = 720;
        int height = rows.size() * rowHeight + 30 + (legend.size() > 1 ? 24 : 0);
        double max = Math.max(1, parts.stream().mapToDouble(p -> p.values().stream().mapToDouble(Double::doubleValue)
                .sum()).max().orElse(1));
        StringBuilder svg = open(width, height);
        double scale = (width - labelWidth - 80.0) / max;
        for (int r = 0; r < rows.size(); r++) {
            int y = 10 + r * rowHeight;
            svg.append(String.format(Locale.ROOT, "<text x='%d' y='%d' font-size='12' text-anchor='end'>%s<title>%s"
                    + "</title></text>", labelWidth - 8, y + 14, escape(fit(rows.get(r), labelWidth - 16)),
                    escape(rows.get(r))));
            double x = labelWidth;
            double total = 0;
            for (Map.Entry<String, Double> part : parts.get(r).entrySet()) {
                double w = part.getValue() * scale;
                int colour = legend.indexOf(part.getKey());
                svg.append(String.format(Locale.ROOT, "<rect x='%.1f' y='%d' width='%.1f' height='%d' fill='%s'>"
                        + "<title>%s: %s</title></rect>", x, y, Math.max(0.5, w), rowHeight - 6,
                        PALETTE.get(Math.max(0, colour) % PALETTE.size()), escape(part.getKey()),
                        number(part.getValue())));
                if (w > 40 && legend.size() > 1) {
                    svg.append(String.format(Locale.ROOT, "<text x='%.1f' y='%d' font-size='10' fill='white'>%s"
                            + "</text>", x + 3, y + 12, escape(part.getKey())));
                }
                x += w;
                total += part.getValue();
            }
            svg.append(String.format(Locale.ROOT, "<text x='%.1f' y='%d' font-size='11'>%s</text>", x + 4, y + 13,
                    number(total)));
        }
        if (legend.size() > 1) {
            legend(svg, legend, height - 12);
        }
        return svg.append("</svg>").toString();
    }

    /** Stacked columns over time: one column per period, one colour per series. */
    static String stacked(List<String> periods, List<Map<String, Double>> stacks, List<String> series) {
        int width = 720;
        int height = 280;
        int bottom = 60;
        double max = roundUp(stacks.stream().mapToDouble(s -> s.values().stream().mapToDouble(Double::doubleValue)
                .sum()).max().orElse(1));
        int left = axisMargin(max);
        double step = (width - left - 10.0) / Math.max(1, periods.size());
        StringBuilder svg = open(width, height);
        axis(svg, left, height - bottom, width - 10, max, height - bottom - 10);
        for (int i = 0; i < periods.size(); i++) {
            double y = height - bottom;
            for (String name : series) {
                double value = stacks.get(i).getOrDefault(name, 0.0);
                double h = value / max * (height - bottom - 10);
                y -= h;
                svg.append(String.format(Locale.ROOT, "<rect x='%.1f' y='%.1f' width='%.1f' height='%.1f' fill='%s'>"
                        + "<title>%s %s: %s</title></rect>", left + i * step + 1, y, Math.max(1, step - 2), h,
                        PALETTE.get(series.indexOf(name) % PALETTE.size()), escape(periods.get(i)), escape(name),
                        number(value)));
            }
            if (periods.size() <= 8 || i % (periods.size() / 6 + 1) == 0) {
                svg.append(String.format(Locale.ROOT, "<text x='%.1f' y='%d' font-size='10' text-anchor='middle'>%s"
                        + "</text>", left + i * step + step / 2, height - bottom + 14, escape(periods.get(i))));
            }
        }
        legend(svg, series, height - 12);
        return svg.append("</svg>").toString();
    }

    private static void legend(StringBuilder svg, List<String> names, int y) {
        int x = 50;
        for (int i = 0; i < names.size(); i++) {
            svg.append(String.format(Locale.ROOT, "<rect x='%d' y='%d' width='10' height='10' fill='%s'/>"
                    + "<text x='%d' y='%d' font-size='11'>%s</text>", x, y - 9, PALETTE.get(i % PALETTE.size()),
                    x + 14, y, escape(names.get(i))));
            x += 24 + names.get(i).length() * 7;
        }
    }

    /** Average advance of a character at font size 12, in pixels (sans-serif, Latin text). */
    private static final double CHAR_WIDTH_12 = 6.8;
    private static final int MAX_LABEL_WIDTH = 330;

    /** {@code text} shortened with an ellipsis to fit {@code pixels} at font size 12. */
    static String fit(String text, int pixels) {
        int chars = (int) (pixels / CHAR_WIDTH_12);
        return text.length() <= chars ? text : text.substring(0, Math.max(1, chars - 1)).stripTrailing() + "\u2026";
    }

    /** Room left of an axis for its widest tick label (font size 10). */
    private static int axisMargin(double max) {
        return Math.max(40, 10 + (int) Math.ceil(number(max).length() * 6.2));
    }

    /** A maximum that divides into four whole ticks. */
    static double roundUp(double max) {
        return Math.max(4, Math.ceil(max / 4) * 4);
    }

    private static void axis(StringBuilder svg, int left, int baseline, int right, double max, int span) {
        svg.append(String.format(Locale.ROOT, "<line x1='%d' x2='%d' y1='%d' y2='%d' stroke='#888'/>", left, right,
                baseline, baseline));
        for (int tick = 0; tick <= 4; tick++) {
            double value = max * tick / 4;
            int y = (int) (baseline - span * tick / 4.0);
            svg.append(String.format(Locale.ROOT, "<text x='%d' y='%d' font-size='10' text-anchor='end'>%s</text>"
                    + "<line x1='%d' x2='%d' y1='%d' y2='%d' stroke='#eee'/>", left - 4, y + 3, number(value), left,
                    right, y, y));
        }
    }

    private static StringBuilder open(int width, int height) {
        return new StringBuilder(String.format(Locale.ROOT, "<svg xmlns='http://www.w3.org/2000/svg' "
                + "viewBox='0 0 %d %d' width='%d' height='%d' font-family='sans-serif'>", width, height, width,
                height));
    }

    static String number(double value) {
        return value == Math.rint(value) ? String.format(Locale.ROOT, "%,d", (long) value)
                : String.format(Locale.ROOT, "%.2f", value);
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&#39;")
                .replace("\"", "&quot;");
    }
}
