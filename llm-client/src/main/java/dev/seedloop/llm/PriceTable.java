package dev.seedloop.llm;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * USD per million tokens, input and output, by model name ({@code gpt-4o-mini=0.15/0.60,...}). A model matches
 * its own entry or the longest entry it starts with ({@code gpt-4o-mini-2024-07-18} costs as
 * {@code gpt-4o-mini}); a model with no entry costs nothing, and its tokens are still counted.
 */
public final class PriceTable {

    private final Map<String, double[]> prices;

    private PriceTable(Map<String, double[]> prices) {
        this.prices = prices;
    }

    /** Parses {@code model=input/output} entries separated by commas; throws on a malformed one. */
    public static PriceTable parse(String text) {
        Map<String, double[]> prices = new LinkedHashMap<>();
        for (String item : text.split(",")) {
            String entry = item.strip();
            if (entry.isEmpty()) {
                continue;
            }
            int equals = entry.indexOf('=');
            int slash = entry.indexOf('/', Math.max(equals, 0));
            if (equals <= 0 || slash < 0) {
                throw new IllegalArgumentException("'" + entry + "' is not model=input/output (USD per million tokens)");
            }
            try {
                double input = Double.parseDouble(entry.substring(equals + 1, slash).strip());
                double output = Double.parseDouble(entry.substring(slash + 1).strip());
                if (input < 0 || output < 0) {
                    throw new IllegalArgumentException("prices must not be negative in '" + entry + "'");
                }
                prices.put(entry.substring(0, equals).strip().toLowerCase(Locale.ROOT), new double[] {input, output});
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + entry + "' has a price that is not a number");
            }
        }
        return new PriceTable(prices);
    }

    /** The cost in USD of a call to {@code model} with these token counts. */
    public double cost(String model, long promptTokens, long completionTokens) {
        double[] price = priceOf(model);
        return price == null ? 0.0 : (promptTokens * price[0] + completionTokens * price[1]) / 1_000_000.0;
    }

    /** True when {@code model} has a price. */
    public boolean knows(String model) {
        return priceOf(model) != null;
    }

    private double[] priceOf(String model) {
        if (model == null) {
            return null;
        }
        String name = model.toLowerCase(Locale.ROOT);
        double[] exact = prices.get(name);
        if (exact != null) {
            return exact;
        }
        String best = null;
        for (String known : prices.keySet()) {
            if (name.startsWith(known) && (best == null || known.length() > best.length())) {
                best = known;
            }
        }
        return best == null ? null : prices.get(best);
    }
}
