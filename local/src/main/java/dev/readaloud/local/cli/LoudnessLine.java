package dev.readaloud.local.cli;

import dev.readaloud.render.LoudnessReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The loudness line of the {@code render} and {@code stitch} summaries. Apart from {@link LoudnessCommand},
 * whose JSON would load Jackson into every stitch.
 */
final class LoudnessLine {

    private LoudnessLine() {
    }

    /**
     * One line of a summary: "-18.0 LUFS integrated, range 4.2 LU, true peak -3.4 dBTP; ACX pass (RMS -20.3 dB,
     * peak -3.4 dB, noise floor -inf dB)"; "fail" names the checks that fail.
     */
    static String of(LoudnessReport report) {
        if (report == null) {
            return "not measured";
        }
        LoudnessReport.Acx acx = report.acx();
        List<String> failing = new ArrayList<>();
        if (!acx.rms().pass()) {
            failing.add("RMS");
        }
        if (!acx.peak().pass()) {
            failing.add("peak");
        }
        if (!acx.noiseFloor().pass()) {
            failing.add("noise floor");
        }
        return String.format(Locale.ROOT, "%s LUFS integrated, range %.1f LU, true peak %s dBTP; ACX %s (RMS %s dB,"
                        + " peak %s dB, noise floor %s dB)",
                decibels(report.integratedLufs()), report.loudnessRangeLu(), decibels(report.truePeakDbtp()),
                acx.pass() ? "pass" : "fail: " + String.join(", ", failing), decibels(acx.rms().valueDb()),
                decibels(acx.peak().valueDb()), decibels(acx.noiseFloor().valueDb()));
    }

    private static String decibels(Double value) {
        return value == null ? "-inf" : String.format(Locale.ROOT, "%.1f", value);
    }
}
