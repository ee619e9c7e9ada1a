package dev.readaloud.local.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.readaloud.audio.LoudnessMeasurement;
import dev.readaloud.audio.LoudnessMeter;
import dev.readaloud.render.LoudnessReport;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code readaloud loudness}: measures WAV files as EBU R128 / ITU-R BS.1770-4 do and checks them
 * against ACX's audiobook rules, one JSON line per file.
 *
 * <p>Each line: {@code file}, {@code durationMs}, {@code sampleRateHz}, {@code channels},
 * {@code integratedLufs} (gated, BS.1770-4), {@code loudnessRangeLu} (EBU Tech 3342),
 * {@code truePeakDbtp} (4x oversampled), {@code samplePeakDbfs}, and {@code acx}: {@code rms},
 * {@code peak} and {@code noiseFloor}, each {@code {"valueDb", "pass"}}, and {@code pass} for all
 * three (see {@link LoudnessReport}). How ACX's figures are measured
 * ({@link dev.readaloud.audio.AcxCheck}): RMS over the whole file, unweighted (no A- or K-weighting),
 * every sample of every channel, in dB against full scale (a full-scale sine is -3.01 dB), the
 * pauses included; peak as the true peak, which is never below the sample peak ACX's checker
 * reads; noise floor as the unweighted RMS of the quietest 500 ms window (windows every 100 ms).
 * Levels that do not exist are null: the integrated loudness of a file with no 400 ms above
 * -70 LUFS, and any level of digital silence (which passes the noise floor check).
 *
 * <p>A file that cannot be read (missing, not a WAV, a compressed codec) gets a one-line error on
 * stderr instead of its line; the other files are still measured, and the exit status is 1.
 */
@Command(name = "loudness", mixinStandardHelpOptions = true,
        description = {"Measure WAV files as EBU R128 / ITU-R BS.1770-4 do and check them against ACX's audiobook"
                + " rules: one JSON line per file with integratedLufs, loudnessRangeLu, truePeakDbtp and acx"
                + " (RMS -23 to -18 dB over the whole file, unweighted; true peak at most -3 dB; noise floor, the"
                + " RMS of the quietest 0.5 s, at most -60 dB), each with its value and pass.",
                "Exit status 1 when a file cannot be read (a one-line error on stderr; the other files are still"
                        + " measured)."})
final class LoudnessCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    private CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "WAV files (PCM 8/16/24/32-bit, float 32/64-bit, any"
            + " rate and channel count).")
    private List<Path> files;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        boolean failed = false;
        for (Path file : files) {
            LoudnessMeasurement measurement;
            try {
                measurement = measure(file);
            } catch (IOException | RuntimeException e) {
                err.println("readaloud loudness: " + file + ": " + oneLine(e));
                err.flush();
                failed = true;
                continue;
            }
            out.println(line(file, measurement));
            out.flush();
        }
        return failed ? 1 : 0;
    }

    private static LoudnessMeasurement measure(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException("no such file");
        }
        try (InputStream in = Files.newInputStream(file)) {
            return LoudnessMeter.measure(in);
        }
    }

    private static String oneLine(Exception e) {
        String message = e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
        return message.replaceAll("\\s*\\R\\s*", " ");
    }

    static String line(Path file, LoudnessMeasurement measurement) {
        ObjectNode line = JSON.createObjectNode();
        line.put("file", file.toString());
        line.put("durationMs", measurement.durationMillis());
        line.put("sampleRateHz", measurement.sampleRateHz());
        line.put("channels", measurement.channels());
        line.setAll((ObjectNode) JSON.valueToTree(LoudnessReport.of(measurement)));
        return line.toString();
    }
}
