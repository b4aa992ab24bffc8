package dev.seedloop.filter;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether the judge's pool fits the JVM it runs in, said before it does not: a pool too large for the heap is a clear
 * error naming what to change, not an OutOfMemoryError in the middle of a rebuild. The judge holds per pool
 * instruction about 240 bytes of heap for the ROUGE-L index (measured: 220 MiB for 997,806 instructions) and, with
 * the semantic rule, about 430 more for the vector graph and the vectors' sign codes, plus the vector itself off the
 * heap (4 bytes a dimension, in direct buffers, which the JVM caps at the heap's size unless
 * {@code -XX:MaxDirectMemorySize} says otherwise). See BENCHMARKS.md.
 */
public final class PoolMemory {

    /** Heap per instruction for the ROUGE-L index: ids, token sequences, postings, dictionary. */
    static final long LEXICAL_BYTES = 240;
    /** Heap per vector for the graph's links and the sign codes. */
    static final long GRAPH_BYTES = 430;
    /** Of the heap, the share the pool may take: the rest is Kafka Streams', RocksDB's caches' and the records'. */
    static final double HEAP_SHARE = 0.85;

    private final long maxHeap;
    private final long maxDirect;

    PoolMemory(long maxHeap, long maxDirect) {
        this.maxHeap = maxHeap;
        this.maxDirect = maxDirect;
    }

    /** The limits of this JVM. */
    static PoolMemory ofThisJvm() {
        long heap = Runtime.getRuntime().maxMemory();
        return new PoolMemory(heap, maxDirect(ManagementFactory.getRuntimeMXBean().getInputArguments(), heap));
    }

    /** {@code -XX:MaxDirectMemorySize} among the JVM's arguments, else the JVM's default: the heap's size. */
    static long maxDirect(List<String> arguments, long heap) {
        long direct = heap;
        for (String argument : arguments) {
            if (argument.startsWith("-XX:MaxDirectMemorySize=")) {
                direct = bytes(argument.substring(argument.indexOf('=') + 1));
            }
        }
        return direct;
    }

    private static long bytes(String size) {
        String lower = size.toLowerCase(Locale.ROOT);
        long unit = switch (lower.charAt(lower.length() - 1)) {
            case 'k' -> 1L << 10;
            case 'm' -> 1L << 20;
            case 'g' -> 1L << 30;
            case 't' -> 1L << 40;
            default -> 1;
        };
        return Long.parseLong(unit == 1 ? lower : lower.substring(0, lower.length() - 1)) * unit;
    }

    /** The heap a pool of {@code instructions} takes, {@code vectors} of them with a vector. */
    static long heapFor(long instructions, long vectors) {
        return instructions * LEXICAL_BYTES + vectors * GRAPH_BYTES;
    }

    /**
     * Why a pool of {@code instructions} ({@code vectors} of them with a vector of {@code dimension} numbers) does not
     * fit this JVM, saying what to change; empty when it fits.
     */
    Optional<String> tooLarge(long instructions, long vectors, int dimension) {
        long heap = heapFor(instructions, vectors);
        long direct = vectors * dimension * (long) Float.BYTES;
        if (heap > maxHeap * HEAP_SHARE) {
            return Optional.of(String.format(Locale.ROOT, "the pool holds %,d instructions (%,d with a vector), whose "
                    + "index needs about %s of heap, and the filter's JVM has %s: give it more heap (-Xmx, or "
                    + "-XX:MaxRAMPercentage in JAVA_TOOL_OPTIONS and more memory for the filter's pod), or turn "
                    + "filter.semantic-duplicate off if the vectors are what does not fit",
                    instructions, vectors, size((long) (heap / HEAP_SHARE)), size(maxHeap)));
        }
        if (direct > maxDirect) {
            return Optional.of(String.format(Locale.ROOT, "the pool's %,d vectors of %d numbers take %s outside the "
                    + "heap, and the filter's JVM allows %s: raise -XX:MaxDirectMemorySize (JAVA_TOOL_OPTIONS; by "
                    + "default it equals the heap) and the pod's memory", vectors,
                    dimension, size(direct), size(maxDirect)));
        }
        return Optional.empty();
    }

    /** The judge's refusal of a pool its JVM cannot hold. */
    public static final class TooLargeException extends IllegalStateException {
        TooLargeException(String message) {
            super(message);
        }
    }

    /** Instructions the heap can hold in all, at {@code vectorShare} of them with a vector. */
    long capacity(double vectorShare) {
        return (long) (maxHeap * HEAP_SHARE / (LEXICAL_BYTES + vectorShare * GRAPH_BYTES));
    }

    private static String size(long bytes) {
        return bytes >= 1L << 30 ? String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30))
                : String.format(Locale.ROOT, "%,d MiB", bytes >> 20);
    }
}
