package dev.readaloud.audio;

/**
 * What a {@link LoudnessMeter} measured. Levels that do not exist are -Infinity: the integrated
 * loudness of a signal with no 400 ms block above -70 LUFS (silence, or shorter than 400 ms), and the
 * peaks, RMS and noise floor of digital silence.
 *
 * @param sampleRateHz     the signal's rate
 * @param channels         its channels
 * @param frames           frames measured
 * @param integratedLufs   integrated (gated) loudness, BS.1770-4, in LUFS
 * @param loudnessRangeLu  loudness range, EBU Tech 3342, in LU (0 under 3 s)
 * @param truePeakDbtp     true peak (4x oversampled), in dBTP
 * @param samplePeakDbfs   largest sample magnitude, in dBFS
 * @param rmsDbfs          unweighted RMS of every sample, in dB relative to full scale (a full-scale sine is -3.01)
 * @param noiseFloorDbfs   unweighted RMS of the quietest 500 ms window (every 100 ms), in the same dB
 */
public record LoudnessMeasurement(int sampleRateHz, int channels, long frames, double integratedLufs,
                                  double loudnessRangeLu, double truePeakDbtp, double samplePeakDbfs,
                                  double rmsDbfs, double noiseFloorDbfs) {

    /** Duration in milliseconds. */
    public long durationMillis() {
        return frames * 1000L / sampleRateHz;
    }

    /** Whether the integrated loudness is defined (some 400 ms block above the absolute gate). */
    public boolean hasLoudness() {
        return integratedLufs > GatedBlocks.ABSOLUTE_GATE_LUFS;
    }

    /** ACX's audiobook checks of this measurement. */
    public AcxCheck acx() {
        return AcxCheck.of(this);
    }

    /** The two figures the stitcher needs of a chunk. */
    public ChunkLoudness chunkLoudness() {
        return new ChunkLoudness(integratedLufs, truePeakDbtp);
    }
}
