package dev.readaloud.local.runtime.bench;

import dev.readaloud.text.Chunk;
import dev.readaloud.text.ChunkPlanner;
import dev.readaloud.text.ChunkSettings;
import java.util.List;
import java.util.Locale;

/**
 * The makespan a plan allows, with no render at all: each chunk's service time from the makespan
 * benchmark's latency model (400 ms + 3 ms a character), chunks started in index order on the first
 * free slot (what a Map with MaxConcurrency C does), against the bound max(ΣTᵢ/C, max Tᵢ). Deterministic,
 * so two planners compare exactly whatever the machine's load: run it once with each planner's classes
 * on the class path ({@code docs/bench/plan-makespan.sh} does both).
 */
public final class PlanMakespanComparison {

    private static final int BASE_MS = 400;
    private static final int PER_CHAR_MS = 3;

    private PlanMakespanComparison() {
    }

    public static void main(String[] args) {
        int[] sizes = {1, 2, 5, 10, 20, 50, 100};
        int[] concurrencies = {1, 3, 5};
        int maxChars = ChunkSettings.DEFAULT_MAX_CHARS;
        System.out.println("| text | chars | C | plan width | chunks | ΣTᵢ s | bound s | in-order s | in-order / bound |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (int size : sizes) {
            String text = RenderMakespanBenchmark.ReadingGenerator.text(size, (int) (0.95 * size * maxChars));
            for (int concurrency : concurrencies) {
                for (int width : concurrency == 3 ? new int[] {3} : new int[] {3, concurrency}) {
                    List<Chunk> chunks = ChunkPlanner.plan(text, new ChunkSettings(maxChars,
                            ChunkSettings.DEFAULT_MIN_CHARS, width)).chunks();
                    long[] service = chunks.stream().mapToLong(c -> BASE_MS + (long) PER_CHAR_MS * c.chars()).toArray();
                    long sum = java.util.Arrays.stream(service).sum();
                    long max = java.util.Arrays.stream(service).max().orElse(0);
                    double bound = Math.max(sum / (double) concurrency, max);
                    long[] slots = new long[concurrency];
                    for (long t : service) {
                        int free = 0;
                        for (int s = 1; s < concurrency; s++) {
                            if (slots[s] < slots[free]) {
                                free = s;
                            }
                        }
                        slots[free] += t;
                    }
                    long inOrder = java.util.Arrays.stream(slots).max().orElse(0);
                    System.out.printf(Locale.ROOT, "| %d chunks' worth | %d | %d | %d | %d | %.2f | %.2f | %.2f | %.3f |%n",
                            size, text.length(), concurrency, width, chunks.size(), sum / 1000.0, bound / 1000.0,
                            inOrder / 1000.0, inOrder / bound);
                }
            }
        }
    }
}
