package dev.seedloop.embedding;

/** The vector arithmetic of the semantic rules, on {@code float[]} (4 bytes a dimension, as vectors are stored). */
public final class Vectors {

    private Vectors() {
    }

    /** The dot product; for unit vectors, their cosine similarity. */
    public static double dot(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("vectors of " + a.length + " and " + b.length + " dimensions");
        }
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (double) a[i] * b[i];
        }
        return sum;
    }

    /** The cosine similarity of any two vectors of the same length; 0 when either is all zeros. */
    public static double cosine(float[] a, float[] b) {
        double normA = Math.sqrt(dot(a, a));
        double normB = Math.sqrt(dot(b, b));
        return normA == 0 || normB == 0 ? 0 : dot(a, b) / (normA * normB);
    }

    /** {@code vector} scaled to length 1, as a new array; a vector with a non-finite or no length is refused. */
    public static float[] unit(float[] vector) {
        double norm = Math.sqrt(dot(vector, vector));
        if (!(norm > 0) || Double.isInfinite(norm)) {
            throw new IllegalArgumentException("a vector of length " + norm + " has no direction");
        }
        float[] unit = new float[vector.length];
        for (int i = 0; i < vector.length; i++) {
            unit[i] = (float) (vector[i] / norm);
        }
        return unit;
    }
}
