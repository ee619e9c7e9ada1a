package dev.readaloud.local.runtime.bench;

import dev.readaloud.local.runtime.ChunkSpan;
import dev.readaloud.local.runtime.LocalRender;
import dev.readaloud.local.runtime.LocalRuntime;
import dev.readaloud.local.runtime.LocalRuntimeOptions;
import dev.readaloud.local.worker.LatencyModel;
import dev.readaloud.local.worker.WorkerOptions;
import dev.readaloud.render.ChunkTiming;
import dev.readaloud.text.ChunkSettings;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * End-to-end render makespan on the local runtime (embedded S3, local RunPod worker with the
 * synthetic voice and a latency model, the real handlers, statemachine/render.asl.json run by the
 * local engine) against the ideal bound {@code max(ΣTᵢ/C, max Tᵢ) + stitch}, where Tᵢ is each
 * chunk's service time as the worker measured it (RunPod's executionTime) and stitch is the time
 * the Stitch step reported. The makespan compared is the execution's (its history, first event to
 * last, as Step Functions reports it); the wall time from the start request to the copied output
 * is printed too, but it includes {@link LocalRender}'s 200 ms progress polling. "In-order" is
 * the best the Map state can do with these very chunks: started in index order, each on the first
 * free slot, with no overhead, plus the stitch.
 *
 * <p>Every configuration gets its own {@link LocalRuntime} on a fresh temporary data directory
 * (a repeated request in one data directory would reuse its chunks); the JVM is warmed up first by
 * renders that are not reported. Texts are generated here, deterministically. Run from the
 * repository root (the first {@code ./readaloud} builds the jars the class path needs):
 * <pre>
 * ./readaloud --help &gt;/dev/null &amp;&amp; source .ci/java-env &amp;&amp; mvn -B -q -pl local -am test-compile
 * java -cp "local/target/test-classes:local/target/classes:functions/target/classes:local/target/lib/*" \
 *   dev.readaloud.local.runtime.bench.RenderMakespanBenchmark
 * </pre>
 * Options: {@code --latency SPEC} (default {@code base=400ms,per-char=3ms}), {@code --sizes 1,2,5,10,20}
 * (chunks' worth of text), {@code --concurrency 1,3,5}, {@code --max-chars 400}, {@code --no-zero}
 * (skip the runs at latency 0), {@code --no-matched} (skip the runs with plan width = concurrency, for
 * every concurrency but the default plan width 3; at C = 1 that is the plan with the fewest chunks).
 */
public final class RenderMakespanBenchmark {

    private static final PrintStream OUT = System.out;

    /** One measured render. */
    record Run(int size, int concurrency, int planWidth, int chars, int chunks, long wallMillis, long executionMillis,
               long planMillis, long stitchMillis, long sumServiceMillis, long maxServiceMillis, long scheduleMillis,
               double overheadPerChunkMillis) {

        /** max(ΣTᵢ/C, max Tᵢ) + stitch. */
        double boundMillis() {
            return Math.max(sumServiceMillis / (double) concurrency, maxServiceMillis) + stitchMillis;
        }
    }

    private RenderMakespanBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String latency = "base=400ms,per-char=3ms";
        int[] sizes = {1, 2, 5, 10, 20};
        int[] concurrencies = {1, 3, 5};
        int maxChars = ChunkSettings.DEFAULT_MAX_CHARS;
        boolean zero = true;
        boolean matched = true;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--latency" -> latency = args[++i];
                case "--sizes" -> sizes = ints(args[++i]);
                case "--concurrency" -> concurrencies = ints(args[++i]);
                case "--max-chars" -> maxChars = Integer.parseInt(args[++i]);
                case "--no-zero" -> zero = false;
                case "--no-matched" -> matched = false;
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + " (use --latency SPEC --sizes 1,2,5 --concurrency 1,3,5 --max-chars N --no-zero --no-matched)");
            }
        }
        Path definition = Path.of(System.getProperty("readaloud.home", ".")).resolve("statemachine/render.asl.json");
        if (!Files.isRegularFile(definition)) {
            throw new IllegalStateException("missing " + definition + " (run from the repository root or set -Dreadaloud.home)");
        }
        Map<Integer, String> texts = new LinkedHashMap<>();
        for (int size : sizes) {
            texts.put(size, ReadingGenerator.text(size * 1000L + 7, (int) Math.round(size * maxChars * 0.95)));
        }
        OUT.printf(Locale.ROOT, "JVM %s, %d processors, load average %.2f before the run%n",
                Runtime.version(), Runtime.getRuntime().availableProcessors(), loadAverage());

        long warmStart = System.nanoTime();
        warmUp(definition, maxChars);
        OUT.printf(Locale.ROOT, "warm-up: %.1f s%n%n", (System.nanoTime() - warmStart) / 1e9);

        LatencyModel model = LatencyModel.parse(latency);
        List<Run> runs = new ArrayList<>();
        for (int size : sizes) {
            for (int c : concurrencies) {
                runs.add(measure(definition, model, texts.get(size), size, c, ChunkSettings.DEFAULT_PLAN_WIDTH, maxChars));
                if (matched && c != ChunkSettings.DEFAULT_PLAN_WIDTH) {
                    runs.add(measure(definition, model, texts.get(size), size, c, c, maxChars));
                }
            }
        }
        OUT.printf(Locale.ROOT, "## latency %s, plan width %d unless marked%n", latency, ChunkSettings.DEFAULT_PLAN_WIDTH);
        print(runs);

        if (zero) {
            List<Run> zeroRuns = new ArrayList<>();
            for (int size : sizes) {
                for (int c : concurrencies) {
                    zeroRuns.add(measure(definition, LatencyModel.NONE, texts.get(size), size, c,
                            ChunkSettings.DEFAULT_PLAN_WIDTH, maxChars));
                }
            }
            OUT.printf(Locale.ROOT, "%n## latency 0 (synthesis only): the pipeline's own cost%n");
            print(zeroRuns);
        }
        OUT.printf(Locale.ROOT, "%nload average %.2f after the run%n", loadAverage());
    }

    /** Renders unreported texts so the JIT has compiled the handlers, the engine, S3Proxy and the HTTP paths. */
    private static void warmUp(Path definition, int maxChars) throws Exception {
        for (int round = 0; round < 2; round++) {
            measure(definition, LatencyModel.NONE, ReadingGenerator.text(99 + round, 5 * maxChars), 5, 3,
                    ChunkSettings.DEFAULT_PLAN_WIDTH, maxChars);
            measure(definition, LatencyModel.parse("base=50ms,per-char=0ms"), ReadingGenerator.text(199 + round,
                    3 * maxChars), 3, 1, ChunkSettings.DEFAULT_PLAN_WIDTH, maxChars);
        }
    }

    /** One render on a fresh runtime and data directory. */
    private static Run measure(Path definition, LatencyModel latency, String text, int size, int concurrency,
                               int planWidth, int maxChars) throws Exception {
        Path data = Files.createTempDirectory("readaloud-makespan-");
        try {
            WorkerOptions worker = WorkerOptions.defaults().withVoice("synthetic").withWorkers(concurrency)
                    .withLatency(latency);
            Map<String, String> env = new HashMap<>();
            env.put("MAX_CONCURRENCY", Integer.toString(concurrency));
            env.put("MAX_TEXT_CHARS", "10000000");
            env.put("VOICE", "synthetic");
            LocalRuntimeOptions options = new LocalRuntimeOptions(data, definition, worker, null, env, 1, 0,
                    Duration.ofMinutes(2));
            LocalRender.Outcome outcome;
            PrintStream log = new PrintStream(new FileOutputStream(data.resolve("render.log").toFile()), true,
                    StandardCharsets.UTF_8);
            PrintStream err = System.err;
            System.setOut(log); // the functions log JSON lines on stdout, as in Lambda
            System.setErr(log);
            try (LocalRuntime runtime = LocalRuntime.start(options)) {
                outcome = LocalRender.render(runtime,
                        new LocalRender.Request(text, "synthetic", concurrency, maxChars, planWidth),
                        data.resolve("out.wav"), t -> { });
            } finally {
                System.setOut(OUT);
                System.setErr(err);
                log.close();
            }
            return summarize(outcome, text, size, concurrency, planWidth);
        } finally {
            deleteTree(data);
        }
    }

    private static Run summarize(LocalRender.Outcome outcome, String text, int size, int concurrency, int planWidth) {
        List<ChunkTiming> chunks = outcome.result().chunks();
        Map<Integer, Long> service = new HashMap<>();
        long sum = 0;
        long max = 0;
        for (ChunkTiming chunk : chunks) {
            service.put(chunk.index(), chunk.executionTimeMillis());
            sum += chunk.executionTimeMillis();
            max = Math.max(max, chunk.executionTimeMillis());
        }
        List<ChunkSpan> spans = outcome.timeline().spans();
        if (spans.size() != chunks.size() || chunks.size() != outcome.result().chunkCount()) {
            throw new IllegalStateException("render " + outcome.renderId() + ": " + spans.size() + " spans for "
                    + chunks.size() + " chunk timings and " + outcome.result().chunkCount() + " chunks");
        }
        double overhead = 0;
        long firstStart = Long.MAX_VALUE;
        for (ChunkSpan span : spans) {
            if (span.reused() || span.attempts() != 1) {
                throw new IllegalStateException("render " + outcome.renderId() + ": chunk " + span.index()
                        + (span.reused() ? " was reused" : " took " + span.attempts() + " attempts"));
            }
            overhead += span.wallMillis() - service.get(span.index());
            firstStart = Math.min(firstStart, span.startMillis());
        }
        long[] inOrder = chunks.stream().sorted(Comparator.comparingInt(ChunkTiming::index))
                .mapToLong(ChunkTiming::executionTimeMillis).toArray();
        long stitch = outcome.result().stitchMillis();
        return new Run(size, concurrency, planWidth, text.codePointCount(0, text.length()), chunks.size(),
                outcome.wallMillis(), outcome.timeline().elapsedMillis(), firstStart, stitch, sum, max,
                inOrderSchedule(inOrder, concurrency) + stitch, overhead / spans.size());
    }

    /**
     * Makespan of the chunks started in index order, each on the first slot to come free (what a
     * Map state with MaxConcurrency C does), with no overhead at all.
     */
    static long inOrderSchedule(long[] serviceMillis, int slots) {
        long[] freeAt = new long[slots];
        for (long t : serviceMillis) {
            int first = 0;
            for (int s = 1; s < slots; s++) {
                if (freeAt[s] < freeAt[first]) {
                    first = s;
                }
            }
            freeAt[first] += t;
        }
        return Arrays.stream(freeAt).max().orElse(0);
    }

    private static void print(List<Run> runs) {
        Map<Integer, Run> sequential = new HashMap<>();
        Map<Integer, Run> fewest = new HashMap<>();
        for (Run run : runs) {
            if (run.concurrency() == 1) {
                (run.planWidth() == 1 ? fewest : sequential).put(run.size(), run);
            }
        }
        OUT.println("| text | chars | C | plan width | chunks | ΣTᵢ s | max Tᵢ s | stitch ms | bound s | in-order s"
                + " | execution s | execution / bound | execution / in-order | plan ms | overhead / chunk ms | wall s"
                + " | speedup over C=1, width 3 | over C=1, width 1 |");
        OUT.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (Run run : runs) {
            OUT.printf(Locale.ROOT, "| %d chunks' worth | %d | %d | %d | %d | %.2f | %.2f | %d | %.2f | %.2f | %.2f"
                            + " | %.2f | %.2f | %d | %.0f | %.2f | %s | %s |%n",
                    run.size(), run.chars(), run.concurrency(), run.planWidth(), run.chunks(),
                    run.sumServiceMillis() / 1000.0, run.maxServiceMillis() / 1000.0, run.stitchMillis(),
                    run.boundMillis() / 1000.0, run.scheduleMillis() / 1000.0, run.executionMillis() / 1000.0,
                    run.executionMillis() / run.boundMillis(),
                    run.executionMillis() / (double) Math.max(1, run.scheduleMillis()),
                    run.planMillis(), run.overheadPerChunkMillis(), run.wallMillis() / 1000.0,
                    speedup(sequential.get(run.size()), run), speedup(fewest.get(run.size()), run));
        }
        OUT.flush();
    }

    /** Execution time of {@code base} over that of {@code run}, or "-" without a base. */
    private static String speedup(Run base, Run run) {
        return base == null ? "-" : String.format(Locale.ROOT, "%.2fx",
                base.executionMillis() / (double) Math.max(1, run.executionMillis()));
    }

    private static int[] ints(String list) {
        return Arrays.stream(list.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
    }

    static double loadAverage() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    /**
     * Deterministic English prose: sentences built from a small grammar (subjects, verbs, objects,
     * clauses, the odd number, question and quotation), grouped into paragraphs.
     */
    static final class ReadingGenerator {

        private static final String[] SUBJECTS = {
            "The keeper", "An old fisherman", "The harbour master", "Her younger brother", "The ferry's captain",
            "A visiting surveyor", "The village doctor", "Two of the children", "The schoolteacher", "Nobody on the quay",
            "The wind from the north", "A grey heron", "The night watchman", "Their neighbour", "The baker's wife",
        };
        private static final String[] VERBS = {
            "watched", "mended", "carried", "counted", "remembered", "painted", "followed", "described", "repaired",
            "photographed", "measured", "forgot", "found", "opened", "wrote about",
        };
        private static final String[] OBJECTS = {
            "the lamp at the top of the tower", "a crate of salted herring", "the broken gate by the chapel",
            "every boat that came in before dark", "the tide tables pinned to the door", "a letter from the mainland",
            "the path along the cliffs", "the last bus of the evening", "a map older than the harbour itself",
            "the sound of the bell buoy", "the storm shutters", "a small blue notebook", "the long road to town",
        };
        private static final String[] CLAUSES = {
            "while the rain drummed on the roof", "before the fog rolled in", "as the light began to fade",
            "although nobody had asked", "because the weather was turning", "when the boats were safely moored",
            "long after the others had gone home", "just as the kettle began to sing", "without saying a word",
            "until the gulls fell silent", "as it had done every winter",
        };
        private static final String[] REMARKS = {
            "It was, everyone agreed, the coldest week in years.", "Nothing about it seemed unusual at the time.",
            "\"We'll manage,\" she said, and went back inside.", "Was there really no other way?",
            "The village had seen worse, and would again.", "By morning the sea was calm once more.",
        };

        private ReadingGenerator() {
        }

        /** About {@code chars} characters (never more), cut at a sentence end. */
        static String text(long seed, int chars) {
            SplittableRandom random = new SplittableRandom(seed);
            StringBuilder text = new StringBuilder();
            StringBuilder paragraph = new StringBuilder();
            int sentencesInParagraph = 0;
            while (true) {
                String sentence = sentence(random);
                int separator = paragraph.isEmpty() ? (text.isEmpty() ? 0 : 2) : 1;
                if (text.length() + paragraph.length() + separator + sentence.length() > chars) {
                    break;
                }
                if (!paragraph.isEmpty()) {
                    paragraph.append(' ');
                }
                paragraph.append(sentence);
                sentencesInParagraph++;
                if (sentencesInParagraph >= 4 + random.nextInt(4)) {
                    text.append(text.isEmpty() ? "" : "\n\n").append(paragraph);
                    paragraph.setLength(0);
                    sentencesInParagraph = 0;
                }
            }
            if (!paragraph.isEmpty()) {
                text.append(text.isEmpty() ? "" : "\n\n").append(paragraph);
            }
            if (text.isEmpty()) {
                throw new IllegalArgumentException("no sentence fits in " + chars + " characters");
            }
            return text.toString();
        }

        private static String sentence(SplittableRandom random) {
            int kind = random.nextInt(10);
            if (kind == 0) {
                return pick(random, REMARKS);
            }
            String main = pick(random, SUBJECTS) + " " + pick(random, VERBS) + " " + pick(random, OBJECTS);
            if (kind <= 3) {
                return main + " " + pick(random, CLAUSES) + ".";
            }
            if (kind == 4) {
                return main + " at " + (5 + random.nextInt(7)) + " o'clock, " + pick(random, CLAUSES) + ".";
            }
            if (kind == 5) {
                return main + "; then " + pick(random, SUBJECTS).toLowerCase(Locale.ROOT) + " "
                        + pick(random, VERBS) + " " + pick(random, OBJECTS) + ".";
            }
            return main + ".";
        }

        private static String pick(SplittableRandom random, String[] words) {
            return words[random.nextInt(words.length)];
        }
    }
}
