package dev.readaloud.render;

import dev.readaloud.audio.AcxCheck;
import dev.readaloud.audio.LoudnessMeasurement;

/**
 * An output's loudness as result.json, {@code GET /renders/{id}} and {@code render --json} report it,
 * measured by {@link dev.readaloud.audio.LoudnessMeter} as the stitch wrote it. Values are rounded to
 * 0.01; a level that does not exist (the integrated loudness of silence, the peak of digital silence)
 * is null.
 *
 * @param integratedLufs  integrated loudness (BS.1770-4, gated), LUFS
 * @param loudnessRangeLu loudness range (EBU Tech 3342), LU
 * @param truePeakDbtp    true peak, dBTP
 * @param samplePeakDbfs  sample peak, dBFS
 * @param acx             ACX's checks (see {@link AcxCheck} for how each is measured)
 */
public record LoudnessReport(Double integratedLufs, double loudnessRangeLu, Double truePeakDbtp,
                             Double samplePeakDbfs, Acx acx) {

    /**
     * ACX's checks: RMS -23 to -18 dB, peak at most -3 dB, noise floor at most -60 dB.
     *
     * @param rms        unweighted RMS of the whole file
     * @param peak       true peak
     * @param noiseFloor unweighted RMS of the quietest 500 ms
     * @param pass       all three pass
     */
    public record Acx(Check rms, Check peak, Check noiseFloor, boolean pass) {
    }

    /** One check: the measured level in dB (null for digital silence) and whether it passes. */
    public record Check(Double valueDb, boolean pass) {
    }

    public static LoudnessReport of(LoudnessMeasurement measurement) {
        AcxCheck acx = measurement.acx();
        return new LoudnessReport(round(measurement.integratedLufs()), round(measurement.loudnessRangeLu()),
                round(measurement.truePeakDbtp()), round(measurement.samplePeakDbfs()),
                new Acx(check(acx.rms()), check(acx.peak()), check(acx.noiseFloor()), acx.pass()));
    }

    private static Check check(AcxCheck.Check check) {
        return new Check(round(check.valueDb()), check.pass());
    }

    /** Rounded to 0.01; null when not finite (the integrated loudness is -Infinity below the gate). */
    static Double round(double value) {
        return Double.isFinite(value) ? Math.round(value * 100) / 100.0 : null;
    }
}
