package dev.readaloud.local.cli;

import dev.readaloud.audio.LoudnessNormalization;
import dev.readaloud.audio.StitchInput;
import dev.readaloud.audio.StitchResult;
import dev.readaloud.audio.StitchSettings;
import dev.readaloud.audio.WavStitcher;
import dev.readaloud.render.LoudnessReport;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code readaloud stitch}: joins WAV files, in the order given, into one 16-bit PCM WAV. */
@Command(name = "stitch", mixinStandardHelpOptions = true,
        description = {"Join WAV files, in the order given, into one 16-bit PCM WAV.",
                "Reads PCM 8/16/24/32-bit and float 32/64-bit WAVs of any rate and channel count; trims each"
                        + " chunk's leading and trailing silence, inserts a pause at every seam and fades so"
                        + " no seam clicks. Streams: memory stays small whatever the output length."})
final class StitchCommand implements Callable<Integer> {

    private static final StitchSettings DEFAULTS = StitchSettings.defaults();

    @Spec
    private CommandSpec spec;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT.wav",
            description = "Output file (written aside, then renamed: nothing is left here on error).")
    private Path output;

    @Option(names = "--pause-ms", paramLabel = "N", description = "Silence at every seam, ms (default: ${DEFAULT-VALUE}).")
    private int pauseMillis = DEFAULTS.pauseMillis();

    @Option(names = "--crossfade-ms", paramLabel = "N",
            description = "Fade-out/fade-in around a pause, or crossfade without one, ms (default: ${DEFAULT-VALUE}).")
    private int crossfadeMillis = DEFAULTS.crossfadeMillis();

    @Option(names = "--no-trim", description = "Keep every chunk's leading and trailing silence.")
    private boolean noTrim;

    @Option(names = "--trim-threshold-db", paramLabel = "DBFS",
            description = "Level below which audio counts as silence (default: ${DEFAULT-VALUE} dBFS).")
    private double trimThresholdDbfs = DEFAULTS.trimThresholdDbfs();

    @Option(names = "--trim-margin-ms", paramLabel = "N",
            description = "Silence kept around each chunk's sound when trimming, ms (default: ${DEFAULT-VALUE}).")
    private int trimMarginMillis = DEFAULTS.trimMarginMillis();

    @Option(names = "--sample-rate", paramLabel = "HZ", description = "Output rate (default: the first file's).")
    private int sampleRateHz;

    @Option(names = "--channels", paramLabel = "N", description = "Output channels, 1 or 2 (default: the first file's).")
    private int channels;

    @Option(names = "--loudness", paramLabel = "LUFS|off", defaultValue = "-18",
            description = {"Bring every file to this integrated loudness with one constant gain each (never a true"
                    + " peak above -3 dBTP, never more than +12 dB, none for silence; all files lowered together when"
                    + " a peak demands it), or off to keep levels and bytes as they are (default: ${DEFAULT-VALUE}).",
                    "Each file is read once more to be measured, and the output is measured as it is written (with off"
                            + " it is not: readaloud loudness measures any file)."})
    private String loudness;

    @Parameters(arity = "1..*", paramLabel = "IN.wav", description = "Input WAV files, in order.")
    private List<Path> inputs;

    @Override
    public Integer call() throws IOException {
        StitchSettings settings = new StitchSettings(pauseMillis, crossfadeMillis, !noTrim, trimThresholdDbfs,
                trimMarginMillis, sampleRateHz, channels, LoudnessNormalization.parse(loudness));
        List<StitchInput> chunks = new ArrayList<>();
        for (Path input : inputs) {
            if (!Files.isRegularFile(input)) {
                throw new NoSuchFileException(input + ": no such file");
            }
            chunks.add(new FileInput(input));
        }
        if (output.getParent() != null && !Files.isDirectory(output.getParent())) {
            throw new NoSuchFileException(output + ": the output's directory does not exist");
        }
        // Measuring the output costs about as much as the rest of an exact stitch: off keeps today's speed too.
        StitchResult result = new WavStitcher(settings, settings.loudness() != null).stitch(chunks, output);
        spec.commandLine().getOut().printf(Locale.ROOT, "%s: %s, %d frames at %d Hz, %d channel%s, 16-bit, %d bytes,"
                        + " from %d file%s%n", output, duration(result.durationMillis()), result.frames(),
                result.sampleRateHz(), result.channels(), result.channels() == 1 ? "" : "s", result.bytes(),
                chunks.size(), chunks.size() == 1 ? "" : "s");
        if (result.loudness() != null) {
            spec.commandLine().getOut().printf(Locale.ROOT, "  loudness %s%s%n",
                    LoudnessLine.of(LoudnessReport.of(result.loudness())), levels(result));
        }
        spec.commandLine().getOut().flush();
        return 0;
    }

    /** How the levels were set: "; files brought to -18.0 LUFS" (lower when a peak demanded), or nothing when off. */
    private static String levels(StitchResult result) {
        LoudnessNormalization.Plan plan = result.normalization();
        if (plan == null) {
            return "";
        }
        return String.format(Locale.ROOT, "; files brought to %.1f LUFS%s", plan.levelLufs(),
                plan.limitingChunk() < 0 ? "" : " (held under the target by the true peak of file "
                        + (plan.limitingChunk() + 1) + ")");
    }

    private static String duration(long millis) {
        return String.format(Locale.ROOT, "%d:%02d:%02d.%03d", millis / 3_600_000, millis / 60_000 % 60,
                millis / 1000 % 60, millis % 1000);
    }

    private record FileInput(Path path) implements StitchInput {
        @Override
        public String name() {
            return path.toString();
        }

        @Override
        public InputStream open() throws IOException {
            return Files.newInputStream(path);
        }
    }
}
