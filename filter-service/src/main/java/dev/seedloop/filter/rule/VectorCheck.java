package dev.seedloop.filter.rule;

/**
 * A check against the pool's vectors, which the pool judge makes itself (it holds the index): a candidate whose
 * cosine similarity to a pool instruction's vector of the same model is at least {@code threshold}.
 */
public record VectorCheck(double threshold) implements Check {
}
