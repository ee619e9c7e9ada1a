package dev.readaloud.local.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.readaloud.audio.LoudnessNormalization;
import dev.readaloud.local.aws.EmulatedRuntime;
import dev.readaloud.local.runtime.ChunkSpan;
import dev.readaloud.local.runtime.LocalRender;
import dev.readaloud.local.runtime.LocalRuntime;
import dev.readaloud.local.runtime.LocalRuntimeOptions;
import dev.readaloud.local.runtime.TimelineSvg;
import dev.readaloud.render.ChunkTiming;
import dev.readaloud.text.ChunkSettings;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "render", mixinStandardHelpOptions = true,
        description = {"Render a reading to one WAV on this machine.",
                "The project's state machine runs with the local engine, against an embedded S3 and the local"
                        + " RunPod-compatible worker (or a real endpoint)."})
final class RenderCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE|-", description = "The reading (UTF-8 text); - reads standard input.")
    private String input;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT.wav",
            description = "Output WAV (default: FILE's name with .wav, next to FILE; readaloud.wav for standard input)."
                    + " An existing file is never replaced without --force.")
    private Path output;

    @Option(names = "--force", description = "Replace the output file if it exists.")
    private boolean force;

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "3",
            description = "Chunks synthesized at once; 1 = sequential (default: ${DEFAULT-VALUE}).")
    private int concurrency;

    @Option(names = "--max-chars", paramLabel = "N", description = "Most characters per chunk (default: "
            + ChunkSettings.DEFAULT_MAX_CHARS + ").")
    private Integer maxChars;

    @Option(names = "--min-chars", paramLabel = "N", description = "Fewest characters per chunk unless its paragraph"
            + " is shorter (default: " + ChunkSettings.DEFAULT_MIN_CHARS + ", or a tenth of --max-chars when that is smaller).")
    private Integer minChars;

    @Option(names = "--plan-width", paramLabel = "W", description = "The chunk count is a multiple of W (default: "
            + ChunkSettings.DEFAULT_PLAN_WIDTH + ").")
    private Integer planWidth;

    @Option(names = "--no-reuse", description = "Synthesize every chunk anew, never copying one an earlier render "
            + "of the same voice and text left in the shared chunk store (its new audio then replaces the stored one).")
    private boolean noReuse;

    @Option(names = "--loudness", paramLabel = "LUFS|off", description = "Integrated loudness the stitch brings every"
            + " chunk to (-40 to -5), or off (default: the deployment's LoudnessTarget, -18).")
    private String loudness;

    @Option(names = "--json", description = "Print one JSON object instead of the summary.")
    private boolean json;

    @Option(names = "--timeline", paramLabel = "FILE.svg", description = "Draw each chunk as a bar on its lane.")
    private Path timeline;

    @Option(names = "--lambda-runtime", paramLabel = "inprocess|emulator", defaultValue = "inprocess",
            converter = LambdaRuntime.Converter.class,
            description = {"inprocess (default): the handlers in this JVM, the embedded S3.",
                    "emulator: the state machine's functions as template.yaml deploys them, in the AWS Lambda Java"
                            + " runtime behind the Runtime Interface Emulator, against LocalStack on this host"
                            + " (installed on first use)."})
    private LambdaRuntime lambdaRuntime;

    @Mixin
    private RuntimeMixin runtimeOptions;

    @Override
    public Integer call() throws Exception {
        if (concurrency < 1 || concurrency > 40) {
            throw new IllegalArgumentException("--concurrency must be 1 to 40, got " + concurrency);
        }
        if (loudness != null) {
            LoudnessNormalization.parse(loudness); // refused here, before anything starts
        }
        Path out = output != null ? output : defaultOutput();
        if (Files.exists(out) && !force) {
            throw new IllegalArgumentException(out + " already exists; use --force to replace it, or -o to name another file");
        }
        String text = ReadingInput.read(input);
        LocalRuntimeOptions options = runtimeOptions.options(concurrency);
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        Path logFile = options.dataDirectory().resolve("logs").resolve("render.log");
        LocalRender.Outcome outcome;
        try (RenderProgress progress = new RenderProgress(stderr, RenderProgress.stderrIsTerminal(),
                     () -> System.nanoTime() / 1_000_000).start();
             LogRedirect logs = LogRedirect.to(logFile);
             LocalRuntime runtime = start(options, progress)) {
            outcome = LocalRender.render(runtime,
                    new LocalRender.Request(text, runtimeOptions.voice, concurrency, maxChars == null ? 0 : maxChars,
                            planWidth == null ? 0 : planWidth, minChars == null ? -1 : minChars, !noReuse, loudness),
                    out, progress::update);
        }
        if (timeline != null) {
            writeTimeline(outcome);
        }
        stdout.println(json ? toJson(outcome, logFile) : summary(outcome, logFile));
        stdout.flush();
        return 0;
    }

    private LocalRuntime start(LocalRuntimeOptions options, RenderProgress progress) throws java.io.IOException {
        return switch (lambdaRuntime) {
            case INPROCESS -> LocalRuntime.start(options);
            case EMULATOR -> EmulatedRuntime.start(options, Home.repository(), progress::notice);
        };
    }

    /** The input's name with .wav, next to the input (story.txt -> story.wav); readaloud.wav here for stdin. */
    private Path defaultOutput() {
        if ("-".equals(input)) {
            return Path.of("readaloud.wav");
        }
        Path reading = Path.of(input);
        String name = reading.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return reading.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ".wav");
    }

    private void writeTimeline(LocalRender.Outcome outcome) throws java.io.IOException {
        String title = String.format(Locale.ROOT, "render %s: %d chunks, concurrency %d, %.1f s",
                outcome.renderId(), outcome.result().chunkCount(), concurrency, outcome.timeline().elapsedMillis() / 1000.0);
        Files.writeString(timeline, TimelineSvg.render(title, outcome.timeline().spans(),
                outcome.timeline().stitchStartMillis(), Math.max(1, outcome.timeline().elapsedMillis())));
    }

    private String summary(LocalRender.Outcome outcome, Path logFile) {
        long audio = outcome.result().durationMillis();
        int chunks = outcome.result().chunkCount();
        int reused = reusedChunks(outcome);
        int fromSharedStore = fromSharedStore(outcome);
        return String.format(Locale.ROOT,
                "%s%n  render   %s: %d chunk%s at concurrency %d (%s)%n  audio    %s (%d Hz, %d channel%s), sha256 %s%n"
                        + "  loudness %s%n  cost     %s%n  wall     %s%n  logs     %s",
                outcome.output(), outcome.renderId(), chunks, chunks == 1 ? "" : "s", concurrency,
                reuseLine(chunks - reused, fromSharedStore, reused - fromSharedStore),
                clock(audio), outcome.result().sampleRateHz(), outcome.result().channels(),
                outcome.result().channels() == 1 ? "" : "s", outcome.result().sha256(),
                LoudnessLine.of(outcome.result().loudness()), CostLine.of(outcome.result().cost()),
                wallLine(outcome, chunks - reused), logFile);
    }

    private static int reusedChunks(LocalRender.Outcome outcome) {
        return (int) outcome.timeline().spans().stream().filter(ChunkSpan::reused).count();
    }

    /** Chunks this run copied from the shared chunk store: reused now, and their audio came from there. */
    private static int fromSharedStore(LocalRender.Outcome outcome) {
        Map<Integer, ChunkTiming> byIndex = timingsByIndex(outcome);
        return (int) outcome.timeline().spans().stream()
                .filter(span -> span.reused() && byIndex.containsKey(span.index()) && byIndex.get(span.index()).reused())
                .count();
    }

    /** result.json's per-chunk lines by chunk index. */
    private static Map<Integer, ChunkTiming> timingsByIndex(LocalRender.Outcome outcome) {
        Map<Integer, ChunkTiming> byIndex = new HashMap<>();
        outcome.result().chunks().forEach(c -> byIndex.put(c.index(), c));
        return byIndex;
    }

    /**
     * "6 synthesized", "2 synthesized, 4 reused from earlier renders (shared chunk store)",
     * "all 6 reused from an earlier run of this request, none synthesized", ...
     */
    static String reuseLine(int synthesized, int fromSharedStore, int fromEarlierRun) {
        List<String> reused = new ArrayList<>();
        if (fromSharedStore > 0) {
            reused.add(fromSharedStore + " from earlier renders (shared chunk store)");
        }
        if (fromEarlierRun > 0) {
            reused.add(fromEarlierRun + " from an earlier run of this request");
        }
        int total = fromSharedStore + fromEarlierRun;
        if (total == 0) {
            return synthesized + " synthesized";
        }
        String how = reused.size() == 1 ? reused.getFirst().replaceFirst("^\\d+ ", "") : ": " + String.join(" and ", reused);
        if (synthesized == 0) {
            return "all " + total + " reused" + (reused.size() == 1 ? " " : "") + how + ", none synthesized";
        }
        return synthesized + " synthesized, " + total + " reused" + (reused.size() == 1 ? " " : "") + how;
    }

    /**
     * The wall time, and a speedup only where one means something: the chunks ran side by side
     * (concurrency above 1) and at least one was synthesized. The speedup is the chunks' summed
     * synthesis time (shown) over the execution's time.
     */
    private String wallLine(LocalRender.Outcome outcome, int synthesized) {
        long summed = outcome.timeline().summedChunkMillis();
        long elapsed = Math.max(1, outcome.timeline().elapsedMillis());
        String wall = String.format(Locale.ROOT, "%.1f s", outcome.wallMillis() / 1000.0);
        if (synthesized == 0) {
            return wall + "; nothing synthesized";
        }
        if (concurrency == 1) {
            return String.format(Locale.ROOT, "%s; the chunks' synthesis took %.1f s, one at a time", wall,
                    summed / 1000.0);
        }
        return String.format(Locale.ROOT, "%s; speedup %.2fx over one chunk at a time (the chunks' summed synthesis"
                + " time, %.1f s, over the execution's %.1f s)", wall, summed / (double) elapsed, summed / 1000.0,
                elapsed / 1000.0);
    }

    private String toJson(LocalRender.Outcome outcome, Path logFile) throws java.io.IOException {
        ObjectMapper mapper = new ObjectMapper().disable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("renderId", outcome.renderId());
        root.put("chunkCount", outcome.result().chunkCount());
        root.put("chunksReused", outcome.result().chunksReused());
        root.put("chunksSynthesized", outcome.result().chunksSynthesized());
        root.put("concurrency", concurrency);
        root.put("wallMs", outcome.wallMillis());
        root.put("executionMs", outcome.timeline().elapsedMillis());
        root.put("summedChunkMs", outcome.timeline().summedChunkMillis());
        root.put("chunksReused", reusedChunks(outcome));
        root.put("chunksSynthesized", outcome.result().chunkCount() - reusedChunks(outcome));
        root.put("chunksFromSharedStore", fromSharedStore(outcome));
        root.put("output", outcome.output().toAbsolutePath().toString());
        root.put("sha256", outcome.result().sha256());
        root.put("audioDurationMs", outcome.result().durationMillis());
        root.put("sampleRateHz", outcome.result().sampleRateHz());
        root.put("channels", outcome.result().channels());
        root.put("stitchMs", outcome.result().stitchMillis());
        root.set("loudness", mapper.valueToTree(outcome.result().loudness()));
        root.set("cost", mapper.valueToTree(outcome.result().cost()));
        root.put("log", logFile.toAbsolutePath().toString());
        Map<Integer, ChunkTiming> byIndex = timingsByIndex(outcome);
        ArrayNode chunks = root.putArray("chunks");
        for (ChunkSpan span : outcome.timeline().spans()) {
            ObjectNode chunk = chunks.addObject();
            chunk.put("index", span.index());
            ChunkTiming timing = byIndex.get(span.index());
            if (timing != null) {
                chunk.put("chars", timing.chars());
                chunk.put("jobId", timing.jobId());
                chunk.put("audioMs", timing.audioMillis());
                chunk.put("fromSharedStore", timing.reused());
            }
            chunk.put("startMs", span.startMillis());
            chunk.put("endMs", span.endMillis());
            chunk.put("wallMs", span.wallMillis());
            chunk.put("queueMs", span.queueMillis());
            chunk.put("speakMs", span.speakMillis());
            chunk.put("attempts", span.attempts());
            chunk.put("reused", span.reused());
        }
        return mapper.writeValueAsString(root);
    }

    private static String clock(long millis) {
        return String.format(Locale.ROOT, "%d:%04.1f", millis / 60_000, (millis % 60_000) / 1000.0);
    }
}
