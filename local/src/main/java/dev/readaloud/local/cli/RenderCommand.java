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
import dev.readaloud.local.runtime.ProgressBar;
import dev.readaloud.local.runtime.TimelineSvg;
import dev.readaloud.render.ChunkTiming;
import dev.readaloud.text.ChunkSettings;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
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
        description = {"Render a reading to one WAV on this machine: embedded S3, the local RunPod-compatible",
                "worker (or a real endpoint) and the project's state machine run by the local engine."})
final class RenderCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE|-", description = "The reading (UTF-8 text); - reads standard input.")
    private String input;

    @Option(names = "-o", paramLabel = "OUT.wav", description = "Output WAV (default: FILE with .wav, or reading.wav).")
    private Path output;

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "3",
            description = "Chunks synthesized at once; 1 = sequential (default: ${DEFAULT-VALUE}).")
    private int concurrency;

    @Option(names = "--max-chars", paramLabel = "N", description = "Most characters per chunk (default: "
            + ChunkSettings.DEFAULT_MAX_CHARS + ").")
    private Integer maxChars;

    @Option(names = "--plan-width", paramLabel = "W", description = "The chunk count is a multiple of W (default: "
            + ChunkSettings.DEFAULT_PLAN_WIDTH + ").")
    private Integer planWidth;

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
                    "emulator: the state machine's functions as template.yaml deploys them, in the AWS Lambda Java",
                    "runtime behind the Runtime Interface Emulator, against LocalStack on this host (installed on first use)."})
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
        String text = ReadingInput.read(input);
        Path out = output != null ? output : defaultOutput();
        LocalRuntimeOptions options = runtimeOptions.options(concurrency);
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        ProgressBar progress = new ProgressBar(stderr, System.console() != null);
        Path logFile = options.dataDirectory().resolve("logs").resolve("render.log");
        LocalRender.Outcome outcome;
        try (LogRedirect logs = LogRedirect.to(logFile);
             LocalRuntime runtime = start(options, stderr)) {
            outcome = LocalRender.render(runtime,
                    new LocalRender.Request(text, runtimeOptions.voice, concurrency, maxChars == null ? 0 : maxChars,
                            planWidth == null ? 0 : planWidth, loudness),
                    out, t -> progress.update(t.chunksDone(), t.chunksTotal()));
        } finally {
            progress.finish();
        }
        if (timeline != null) {
            writeTimeline(outcome);
        }
        stdout.println(json ? toJson(outcome, logFile) : summary(outcome, logFile));
        stdout.flush();
        return 0;
    }

    private LocalRuntime start(LocalRuntimeOptions options, PrintWriter stderr) throws java.io.IOException {
        return switch (lambdaRuntime) {
            case INPROCESS -> LocalRuntime.start(options);
            case EMULATOR -> EmulatedRuntime.start(options, Home.repository(), notice -> {
                stderr.println(notice);
                stderr.flush();
            });
        };
    }

    private Path defaultOutput() {
        if ("-".equals(input)) {
            return Path.of("reading.wav");
        }
        String name = Path.of(input).getFileName().toString();
        int dot = name.lastIndexOf('.');
        return Path.of((dot > 0 ? name.substring(0, dot) : name) + ".wav");
    }

    private void writeTimeline(LocalRender.Outcome outcome) throws java.io.IOException {
        String title = String.format(Locale.ROOT, "render %s: %d chunks, concurrency %d, %.1f s",
                outcome.renderId(), outcome.result().chunkCount(), concurrency, outcome.timeline().elapsedMillis() / 1000.0);
        Files.writeString(timeline, TimelineSvg.render(title, outcome.timeline().spans(),
                outcome.timeline().stitchStartMillis(), Math.max(1, outcome.timeline().elapsedMillis())));
    }

    private String summary(LocalRender.Outcome outcome, Path logFile) {
        long audio = outcome.result().durationMillis();
        long summed = outcome.timeline().summedChunkMillis();
        long elapsed = Math.max(1, outcome.timeline().elapsedMillis());
        return String.format(Locale.ROOT,
                "%s%n  render   %s: %d chunk%s at concurrency %d%n  audio    %s (%d Hz, %d channel%s), sha256 %s%n"
                        + "  loudness %s%n"
                        + "  wall     %.1f s; the chunks took %.1f s in all: %.2fx the speed of one at a time%n"
                        + "  logs     %s",
                outcome.output(), outcome.renderId(), outcome.result().chunkCount(),
                outcome.result().chunkCount() == 1 ? "" : "s", concurrency,
                clock(audio), outcome.result().sampleRateHz(), outcome.result().channels(),
                outcome.result().channels() == 1 ? "" : "s", outcome.result().sha256(),
                LoudnessLine.of(outcome.result().loudness()),
                outcome.wallMillis() / 1000.0, summed / 1000.0, summed / (double) elapsed, logFile);
    }

    private String toJson(LocalRender.Outcome outcome, Path logFile) throws java.io.IOException {
        ObjectMapper mapper = new ObjectMapper().disable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("renderId", outcome.renderId());
        root.put("chunkCount", outcome.result().chunkCount());
        root.put("concurrency", concurrency);
        root.put("wallMs", outcome.wallMillis());
        root.put("executionMs", outcome.timeline().elapsedMillis());
        root.put("summedChunkMs", outcome.timeline().summedChunkMillis());
        root.put("output", outcome.output().toAbsolutePath().toString());
        root.put("sha256", outcome.result().sha256());
        root.put("audioDurationMs", outcome.result().durationMillis());
        root.put("sampleRateHz", outcome.result().sampleRateHz());
        root.put("channels", outcome.result().channels());
        root.put("stitchMs", outcome.result().stitchMillis());
        root.set("loudness", mapper.valueToTree(outcome.result().loudness()));
        root.put("log", logFile.toAbsolutePath().toString());
        Map<Integer, ChunkTiming> byIndex = new HashMap<>();
        outcome.result().chunks().forEach(c -> byIndex.put(c.index(), c));
        ArrayNode chunks = root.putArray("chunks");
        for (ChunkSpan span : outcome.timeline().spans()) {
            ObjectNode chunk = chunks.addObject();
            chunk.put("index", span.index());
            ChunkTiming timing = byIndex.get(span.index());
            if (timing != null) {
                chunk.put("chars", timing.chars());
                chunk.put("jobId", timing.jobId());
                chunk.put("audioMs", timing.audioMillis());
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
