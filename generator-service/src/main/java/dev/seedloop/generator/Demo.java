package dev.seedloop.generator;

/** A pool instruction shown to the model as an in-context demonstration. */
record Demo(String id, String instruction) {
}
