package dev.readaloud.audio;

/**
 * The two figures the stitcher normalizes a chunk by, measured on the chunk's WAV as stored (its own
 * rate and channels, silences included): see {@link LoudnessMeter}.
 *
 * @param integratedLufs integrated loudness, -Infinity when undefined (no 400 ms block above -70 LUFS)
 * @param truePeakDbtp   true peak, -Infinity for digital silence
 */
public record ChunkLoudness(double integratedLufs, double truePeakDbtp) {

    public ChunkLoudness {
        if (Double.isNaN(integratedLufs) || integratedLufs == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException("integratedLufs is " + integratedLufs);
        }
        if (Double.isNaN(truePeakDbtp) || truePeakDbtp == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException("truePeakDbtp is " + truePeakDbtp);
        }
    }

    /** Whether the integrated loudness is defined. */
    public boolean hasLoudness() {
        return integratedLufs > GatedBlocks.ABSOLUTE_GATE_LUFS;
    }

    /**
     * Parses the two values as {@link Double#toString} wrote them (so the doubles are exactly the ones
     * measured); null when either is missing or not a number.
     */
    public static ChunkLoudness parse(String integratedLufs, String truePeakDbtp) {
        if (integratedLufs == null || truePeakDbtp == null) {
            return null;
        }
        try {
            return new ChunkLoudness(Double.parseDouble(integratedLufs), Double.parseDouble(truePeakDbtp));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
