package dev.seedloop.embedding;

import java.util.List;

/**
 * Unit vectors by ordinal (0, 1, 2, ... in the order they were added), searched for those nearest a query by
 * cosine. Every score an index returns is the exact dot product of the two vectors, whatever found them. Single
 * writer: adds, removes and searches come from one thread, as the judge makes them.
 */
public interface VectorIndex {

    /** Adds {@code vector} (unit length, of the index's dimension) and returns its ordinal. */
    int add(float[] vector);

    /** Removes the vector at {@code ordinal} from every later search; a removed ordinal is never reused. */
    void remove(int ordinal);

    /** The vectors added and not removed. */
    int size();

    /** Up to {@code count} live vectors nearest {@code query}, the nearest first, each with its exact cosine. */
    List<Neighbour> nearest(float[] query, int count);

    /** A vector found near a query, and its exact cosine similarity to it. */
    record Neighbour(int ordinal, double cosine) {
    }
}
