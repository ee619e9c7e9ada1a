package dev.readaloud.local;

import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * The audio tools some tests check against: ffmpeg (its {@code ebur128} filter is the reference meter),
 * espeak-ng (real speech) and sox. Under CI ({@code READALOUD_CI=1}, which {@code .ci/run} sets after
 * installing them with apt-get, or {@code CI=true}) a missing tool fails the test, naming the package;
 * run by hand without them, the test is skipped with that message (on stderr too, so it is seen).
 * The twin of functions/src/test/java/dev/readaloud/audio/AudioTools.java (test classes are not shared
 * between the modules), for the checks on FreeTTS speech and on the CLI.
 */
public final class AudioTools {

    private AudioTools() {
    }

    public static boolean underCi() {
        return "1".equals(System.getenv("READALOUD_CI")) || "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** Whether the tool is on PATH. */
    public static boolean installed(String tool) {
        return find(tool) != null;
    }

    /**
     * For a check a test makes only where the tool is: true when it is installed; false, saying so on stderr,
     * when it is not and this is not CI; under CI a missing tool fails the test.
     */
    public static boolean checkWith(String tool) {
        if (installed(tool)) {
            return true;
        }
        String message = tool + " is not installed (apt-get install -y ffmpeg espeak-ng sox; .ci/run installs them)";
        if (underCi()) {
            fail(message + ": the checks with it cannot run, and under CI that is a failure");
        }
        System.err.println("NOT CHECKED: " + message + ": the checks with it are left out");
        return false;
    }

    private static Path find(String tool) {
        String path = System.getenv("PATH");
        for (String directory : path == null ? new String[0] : path.split(File.pathSeparator)) {
            Path candidate = Path.of(directory, tool);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /** The tool's path; fails under CI, skips otherwise, when it is not on PATH. */
    public static Path require(String tool) {
        Path found = find(tool);
        if (found != null) {
            return found;
        }
        String message = tool + " is not installed (apt-get install -y ffmpeg espeak-ng sox; .ci/run installs them)";
        if (underCi()) {
            fail(message + ": the tests that compare with it cannot run, and under CI that is a failure");
        }
        System.err.println("SKIPPED: " + message);
        Assumptions.abort(message + ": skipped (under CI, READALOUD_CI=1, this fails instead)");
        throw new AssertionError("unreachable");
    }

    /** What ffmpeg's ebur128 filter says of a file (its summary: one decimal). */
    public record Ebur128(double integratedLufs, double loudnessRangeLu, double truePeakDbtp) {
    }

    private static final Pattern INTEGRATED = Pattern.compile("(?m)^\\s+I:\\s+(-?[0-9.]+|-inf) LUFS");
    private static final Pattern RANGE = Pattern.compile("(?m)^\\s+LRA:\\s+(-?[0-9.]+) LU");
    private static final Pattern PEAK = Pattern.compile("(?m)^\\s+Peak:\\s+(-?[0-9.]+|-inf) dBFS");

    /** {@code ffmpeg -nostats -i FILE -filter_complex ebur128=peak=true -f null -}, its last summary parsed. */
    public static Ebur128 ebur128(Path wav) throws IOException, InterruptedException {
        String out = run(List.of(require("ffmpeg").toString(), "-hide_banner", "-nostats", "-i", wav.toString(),
                "-filter_complex", "ebur128=peak=true", "-f", "null", "-"));
        int summary = out.lastIndexOf("Summary:");
        if (summary < 0) {
            throw new IllegalStateException("ffmpeg printed no ebur128 summary:\n" + out);
        }
        String tail = out.substring(summary);
        return new Ebur128(number(INTEGRATED, tail), number(RANGE, tail), number(PEAK, tail));
    }

    private static double number(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        if (!m.find()) {
            throw new IllegalStateException("no " + pattern + " in:\n" + text);
        }
        return "-inf".equals(m.group(1)) ? Double.NEGATIVE_INFINITY : Double.parseDouble(m.group(1));
    }

    /** Speech from espeak-ng: {@code espeak-ng -v VOICE -a AMPLITUDE -w OUT TEXT} (22.05 kHz mono 16-bit). */
    public static Path espeak(Path out, String voice, int amplitude, String text)
            throws IOException, InterruptedException {
        run(List.of(require("espeak-ng").toString(), "-v", voice, "-a", String.valueOf(amplitude), "-w", out.toString(),
                text));
        return out;
    }

    /** {@code sox IN [OPTIONS...] OUT}: another rate, channel count or bit depth of the same audio. */
    public static Path sox(Path in, Path out, String... outputOptions) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(require("sox").toString(), "-V1", in.toString()));
        command.addAll(List.of(outputOptions));
        command.add(out.toString());
        run(command);
        return out;
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not finish in 120 s");
        }
        String text = new String(output, StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed (" + process.exitValue() + "):\n" + text);
        }
        return text;
    }
}
