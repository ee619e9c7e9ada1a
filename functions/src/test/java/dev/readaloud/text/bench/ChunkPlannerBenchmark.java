package dev.readaloud.text.bench;

import dev.readaloud.text.Boundary;
import dev.readaloud.text.Chunk;
import dev.readaloud.text.ChunkPlan;
import dev.readaloud.text.ChunkPlanner;
import dev.readaloud.text.ChunkSettings;
import dev.readaloud.text.TextCleaner;
import dev.readaloud.text.TextGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Chunk planning benchmark for docs/BENCHMARKS.md ("Chunk planning (text)"): plan time against
 * text size, and rounds / estimated makespan of the balanced plan against a naive splitter that
 * fills every chunk to max chars at whitespace. Not part of the test run. Run from the repository
 * root:
 *
 * <pre>
 * source .ci/java-env &amp;&amp; mvn -B -q -pl functions test-compile &amp;&amp; \
 *   java -cp functions/target/classes:functions/target/test-classes dev.readaloud.text.bench.ChunkPlannerBenchmark
 * </pre>
 */
public final class ChunkPlannerBenchmark {

    /** Per-chunk cost model for the makespan estimate: a fixed cost per request plus a cost per character. */
    private static final double FIXED_MILLIS = 1000.0;
    private static final double MILLIS_PER_CHAR = 10.0;
    private static final int WARM_RUNS = 7;

    private ChunkPlannerBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        ChunkSettings settings = ChunkSettings.defaults();
        System.out.printf("settings: max %d, min %d; cost model %.0f ms + %.0f ms/char%n%n",
                settings.maxChars(), settings.minChars(), FIXED_MILLIS, MILLIS_PER_CHAR);
        planTime(settings);
        System.out.println();
        rounds(settings, Path.of(args.length > 0 ? args[0] : "examples/lighthouse.txt"));
    }

    private static void planTime(ChunkSettings settings) {
        System.out.println("| text | chars | first call ms | warm median ms | ns/char | naive splitter warm ms |");
        System.out.println("|---|---:|---:|---:|---:|---:|");
        for (int size : new int[] {10_000, 100_000, 1_000_000}) {
            String text = TextGenerator.generate(size, size, settings.maxChars(), TextGenerator.Mix.EVERYTHING).dirty();
            long first = time(() -> ChunkPlanner.plan(text, settings));
            long[] warm = new long[WARM_RUNS];
            long[] naive = new long[WARM_RUNS];
            for (int i = 0; i < WARM_RUNS; i++) {
                warm[i] = time(() -> ChunkPlanner.plan(text, settings));
                naive[i] = time(() -> naive(TextCleaner.clean(text), settings.maxChars()));
            }
            long median = median(warm);
            System.out.printf("| generated %d KB | %d | %.1f | %.1f | %.0f | %.1f |%n", size / 1000, text.length(),
                    first / 1e6, median / 1e6, (double) median / text.length(), median(naive) / 1e6);
        }
    }

    private static void rounds(ChunkSettings defaults, Path lighthouse) throws IOException {
        Map<String, String> texts = new LinkedHashMap<>();
        texts.put("examples/lighthouse.txt", Files.readString(lighthouse));
        texts.put("essay (hand-written)", RealisticTexts.ESSAY);
        texts.put("news (hand-written)", RealisticTexts.NEWS);
        texts.put("prose, generated 4 KB", TextGenerator.generate(3, 4_000, 400, TextGenerator.Mix.PROSE).clean());
        texts.put("prose, generated 12 KB", TextGenerator.generate(4, 12_000, 400, TextGenerator.Mix.PROSE).clean());
        texts.put("prose, generated 60 KB", TextGenerator.generate(1, 60_000, 400, TextGenerator.Mix.PROSE).clean());
        texts.put("mixed, generated 60 KB", TextGenerator.generate(2, 60_000, 400, TextGenerator.Mix.EVERYTHING).clean());
        System.out.println("| text | chars | C | naive chunks | naive rounds | naive makespan s | plan chunks | plan rounds"
                + " | plan makespan s | makespan ratio | largest/mean | sentence-or-paragraph ends naive / plan |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (Map.Entry<String, String> entry : texts.entrySet()) {
            String clean = TextCleaner.clean(entry.getValue());
            List<String> naive = naive(clean, defaults.maxChars());
            int[] naiveSizes = naive.stream().mapToInt(s -> s.codePointCount(0, s.length())).toArray();
            for (int width : new int[] {3, 5}) {
                ChunkPlan plan = ChunkPlanner.plan(entry.getValue(), defaults.withPlanWidth(width));
                int[] sizes = plan.chunks().stream().mapToInt(Chunk::chars).toArray();
                double naiveMakespan = makespan(naiveSizes, width);
                double planMakespan = makespan(sizes, width);
                double mean = Arrays.stream(sizes).average().orElseThrow();
                long planStrong = plan.chunks().stream().filter(c -> c.boundary() == Boundary.PARAGRAPH
                        || c.boundary() == Boundary.SENTENCE).count();
                System.out.printf("| %s | %d | %d | %d | %d | %.1f | %d | %d | %.1f | %.2f | %.2f | %d%% / %d%% |%n",
                        entry.getKey(), clean.codePointCount(0, clean.length()), width, naive.size(), ceilDiv(naive.size(), width),
                        naiveMakespan / 1000, sizes.length, ceilDiv(sizes.length, width), planMakespan / 1000,
                        planMakespan / naiveMakespan, Arrays.stream(sizes).max().orElseThrow() / mean,
                        100 * sentenceEnds(clean, naive) / naive.size(), 100 * planStrong / sizes.length);
            }
        }
    }

    /** The baseline: fill each chunk to max chars, cutting at the last whitespace that fits (hard if none). */
    static List<String> naive(String clean, int maxChars) {
        String flat = clean.replace("\n\n", " ");
        int[] cps = flat.codePoints().toArray();
        List<String> chunks = new ArrayList<>();
        int start = 0;
        while (start < cps.length) {
            int end = Math.min(cps.length, start + maxChars);
            if (end < cps.length && cps[end] != ' ') {
                int space = end - 1;
                while (space > start && cps[space] != ' ') {
                    space--;
                }
                if (space > start) {
                    end = space;
                }
            }
            chunks.add(new String(cps, start, end - start));
            start = end < cps.length && cps[end] == ' ' ? end + 1 : end;
        }
        return chunks;
    }

    /** Chunks of the naive plan that end a sentence or paragraph (or the text). */
    private static long sentenceEnds(String clean, List<String> chunks) {
        return chunks.stream().filter(chunk -> {
            String trimmed = chunk.replaceAll("[\"'”’)\\]»」』]+$", "");
            return trimmed.endsWith(".") || trimmed.endsWith("!") || trimmed.endsWith("?") || trimmed.endsWith("…")
                    || trimmed.endsWith("。") || trimmed.endsWith("！") || trimmed.endsWith("？");
        }).count();
    }

    /**
     * Estimated render time with {@code width} chunks in flight: chunks start in index order, each
     * on the first slot that frees up (what a Step Functions Map with MaxConcurrency does).
     */
    static double makespan(int[] sizes, int width) {
        PriorityQueue<Double> slots = new PriorityQueue<>();
        for (int i = 0; i < width; i++) {
            slots.add(0.0);
        }
        double end = 0;
        for (int size : sizes) {
            double finish = slots.poll() + FIXED_MILLIS + MILLIS_PER_CHAR * size;
            end = Math.max(end, finish);
            slots.add(finish);
        }
        return end;
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    private static long time(Runnable work) {
        long start = System.nanoTime();
        work.run();
        return System.nanoTime() - start;
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
