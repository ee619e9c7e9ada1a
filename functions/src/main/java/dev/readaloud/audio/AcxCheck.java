package dev.readaloud.audio;

/**
 * ACX's (Audible's) audio submission checks, as far as a file can be checked by measurement: RMS
 * between -23 and -18 dB, peaks at most -3 dB, noise floor at most -60 dB.
 *
 * <p>How each is measured ({@link LoudnessMeter}):
 * <ul>
 *   <li>RMS: as ACX measures it, over the whole file and unweighted (no A- or K-weighting): the root
 *       mean square of every sample of every channel, in dB against full scale (a full-scale sine is
 *       -3.01 dB). Pauses count, as they do for ACX.</li>
 *   <li>Peak: the true peak (4x oversampled, dBTP). ACX's checker reads sample peaks; the true peak
 *       is never below the sample peak, so a file that passes here passes there.</li>
 *   <li>Noise floor: the RMS (unweighted) of the quietest 500 ms window, windows starting every
 *       100 ms; the whole file's RMS when it is shorter than 500 ms. Digital silence (a stitched
 *       pause) is -Infinity and passes.</li>
 * </ul>
 *
 * @param rms        the RMS check
 * @param peak       the peak check
 * @param noiseFloor the noise floor check
 * @param pass       all three pass
 */
public record AcxCheck(Check rms, Check peak, Check noiseFloor, boolean pass) {

    public static final double RMS_MIN_DB = -23.0;
    public static final double RMS_MAX_DB = -18.0;
    public static final double PEAK_MAX_DB = -3.0;
    public static final double NOISE_FLOOR_MAX_DB = -60.0;

    /**
     * One check.
     *
     * @param valueDb the measured level in dB (-Infinity for digital silence)
     * @param pass    whether it is within ACX's bounds
     */
    public record Check(double valueDb, boolean pass) {
    }

    static AcxCheck of(LoudnessMeasurement m) {
        Check rms = new Check(m.rmsDbfs(), m.rmsDbfs() >= RMS_MIN_DB && m.rmsDbfs() <= RMS_MAX_DB);
        Check peak = new Check(m.truePeakDbtp(), m.truePeakDbtp() <= PEAK_MAX_DB);
        Check noise = new Check(m.noiseFloorDbfs(), m.noiseFloorDbfs() <= NOISE_FLOOR_MAX_DB);
        return new AcxCheck(rms, peak, noise, rms.pass() && peak.pass() && noise.pass());
    }
}
