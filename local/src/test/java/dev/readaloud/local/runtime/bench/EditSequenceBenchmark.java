package dev.readaloud.local.runtime.bench;

import dev.readaloud.local.runtime.LocalRender;
import dev.readaloud.local.runtime.LocalRuntime;
import dev.readaloud.local.runtime.LocalRuntimeOptions;
import dev.readaloud.local.worker.LatencyModel;
import dev.readaloud.local.worker.WorkerOptions;
import dev.readaloud.render.ChunkTiming;
import dev.readaloud.render.RenderResult;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * What the shared chunk store saves an author who renders a long reading, edits it, and renders again,
 * over a sequence of realistic edits: chunks and GPU-seconds (RunPod's executionTime as the local worker's
 * latency model reports it) paid with reuse, against the same versions rendered with every chunk new
 * (today's cost without the store), in the same run. Local runtime, synthetic voice, concurrency 3.
 * <pre>
 * ./readaloud --help &gt;/dev/null &amp;&amp; source .ci/java-env &amp;&amp; mvn -B -q -pl local -am test-compile
 * java -cp "local/target/test-classes:local/target/classes:functions/target/classes:local/target/lib/*" \
 *   dev.readaloud.local.runtime.bench.EditSequenceBenchmark [CHARS]
 * </pre>
 */
public final class EditSequenceBenchmark {

    private static final PrintStream OUT = System.out;
    private static final String LATENCY = "base=400ms,per-char=3ms,jitter=0";

    private record Edit(String name, UnaryOperator<String> change) {
    }

    private EditSequenceBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int chars = args.length > 0 ? Integer.parseInt(args[0]) : 40_000;
        String reading = RenderMakespanBenchmark.ReadingGenerator.text(2026, chars);
        List<Edit> edits = List.of(
                new Edit("first render", text -> text),
                new Edit("a typo fixed in one sentence", text -> editParagraph(text, 0.5,
                        p -> p.replaceFirst(" the ", " that "))),
                new Edit("a sentence inserted", text -> editParagraph(text, 0.3,
                        p -> p.replaceFirst("\\. ", ". Nobody spoke for a while. "))),
                new Edit("a paragraph appended", text -> text
                        + "\n\nBy spring the boats were painted again, and the keeper slept through a whole night."),
                new Edit("a paragraph deleted", text -> {
                    List<String> paragraphs = paragraphs(text);
                    paragraphs.remove(paragraphs.size() / 4);
                    return String.join("\n\n", paragraphs);
                }),
                new Edit("two paragraphs swapped", text -> {
                    List<String> paragraphs = paragraphs(text);
                    int at = paragraphs.size() * 2 / 3;
                    String moved = paragraphs.remove(at);
                    paragraphs.add(at + 1, moved);
                    return String.join("\n\n", paragraphs);
                }),
                new Edit("a copy-edit pass: five sentences changed", text -> {
                    String edited = text;
                    for (double at : new double[] {0.1, 0.3, 0.5, 0.7, 0.9}) {
                        edited = editParagraph(edited, at, p -> p.replaceFirst(" a ", " one "));
                    }
                    return edited;
                }),
                new Edit("a title added at the top", text -> "The Keeper's Winter\n\n" + text));

        OUT.printf(Locale.ROOT, "reading: %,d characters, %d paragraphs; latency %s; concurrency 3; load %.1f%n",
                reading.length(), paragraphs(reading).size(), LATENCY, RenderMakespanBenchmark.loadAverage());
        OUT.println();
        OUT.println("| version | chunks | synthesized with reuse | GPU s with reuse | GPU s, every chunk new | saved |");
        OUT.println("|---|---:|---:|---:|---:|---:|");
        Path reuseData = Files.createTempDirectory("readaloud-edits-reuse-");
        Path freshData = Files.createTempDirectory("readaloud-edits-fresh-");
        long totalWith = 0;
        long totalWithout = 0;
        int totalSynthesized = 0;
        int totalChunks = 0;
        try (LocalRuntime reuse = start(reuseData); LocalRuntime fresh = start(freshData)) {
            String text = reading;
            for (Edit edit : edits) {
                text = edit.change().apply(text);
                RenderResult with = render(reuse, text, true, reuseData);
                RenderResult without = render(fresh, text, false, freshData);
                if (!with.sha256().equals(without.sha256())) {
                    throw new IllegalStateException(edit.name() + ": the reused render differs from the fresh one");
                }
                long gpuWith = gpuMillis(with);
                long gpuWithout = gpuMillis(without);
                totalWith += gpuWith;
                totalWithout += gpuWithout;
                totalSynthesized += with.chunksSynthesized();
                totalChunks += with.chunkCount();
                OUT.printf(Locale.ROOT, "| %s | %d | %d | %.1f | %.1f | %.0f %% |%n", edit.name(), with.chunkCount(),
                        with.chunksSynthesized(), gpuWith / 1000.0, gpuWithout / 1000.0,
                        percentSaved(gpuWith, gpuWithout));
            }
        } finally {
            RenderMakespanBenchmark.deleteTree(reuseData);
            RenderMakespanBenchmark.deleteTree(freshData);
        }
        OUT.printf(Locale.ROOT, "| all %d renders | %d | %d | %.1f | %.1f | %.0f %% |%n", edits.size(), totalChunks,
                totalSynthesized, totalWith / 1000.0, totalWithout / 1000.0,
                percentSaved(totalWith, totalWithout));
        OUT.printf(Locale.ROOT, "%nload after: %.1f%n", RenderMakespanBenchmark.loadAverage());
    }

    /** Share of {@code without} saved, rounded to whole per cent (a first render's few ms of jitter read as 0). */
    private static double percentSaved(long with, long without) {
        return Math.round(100.0 * (without - with) / without) + 0.0;
    }

    private static LocalRuntime start(Path data) throws IOException {
        WorkerOptions worker = WorkerOptions.defaults().withVoice("synthetic").withWorkers(3)
                .withLatency(LatencyModel.parse(LATENCY));
        Map<String, String> env = new HashMap<>();
        env.put("MAX_CONCURRENCY", "3");
        env.put("VOICE", "synthetic");
        Path definition = Path.of("statemachine", "render.asl.json");
        return LocalRuntime.start(new LocalRuntimeOptions(data, definition, worker, null, env, 1, 0,
                Duration.ofMinutes(2)));
    }

    /** Every chunk's RunPod executionTime this render paid for: 0 for a chunk copied from the store. */
    private static long gpuMillis(RenderResult result) {
        return result.chunks().stream().filter(chunk -> !chunk.reused())
                .mapToLong(ChunkTiming::executionTimeMillis).sum();
    }

    private static RenderResult render(LocalRuntime runtime, String text, boolean reuse, Path data) throws Exception {
        return QuietRender.logTo(data, () -> LocalRender.render(runtime,
                new LocalRender.Request(text, "synthetic", 3, 0, 0, -1, reuse, null), data.resolve("out.wav"), t -> { })
                .result());
    }

    /** Applies {@code change} to the paragraph at {@code fraction} of the reading. */
    private static String editParagraph(String text, double fraction, UnaryOperator<String> change) {
        List<String> paragraphs = paragraphs(text);
        int at = (int) (paragraphs.size() * fraction);
        String changed = change.apply(paragraphs.get(at));
        if (changed.equals(paragraphs.get(at))) {
            throw new IllegalStateException("the edit at " + fraction + " changed nothing");
        }
        paragraphs.set(at, changed);
        return String.join("\n\n", paragraphs);
    }

    private static List<String> paragraphs(String text) {
        return new ArrayList<>(Arrays.asList(text.split("\n\n")));
    }
}
