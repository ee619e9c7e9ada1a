package dev.readaloud.audio;

/**
 * How samples are laid out in a WAV data chunk.
 *
 * @param sampleRateHz  frames per second, 1 to {@value #MAX_SAMPLE_RATE_HZ}
 * @param channels      interleaved channels per frame, 1 to {@value #MAX_CHANNELS}
 * @param bitsPerSample 8, 16, 24 or 32 for integer PCM; 32 or 64 for IEEE float
 * @param floatingPoint IEEE float samples rather than integer PCM
 */
public record WavFormat(int sampleRateHz, int channels, int bitsPerSample, boolean floatingPoint) {

    /** Highest sample rate accepted, in Hz. */
    public static final int MAX_SAMPLE_RATE_HZ = 1_000_000;
    /** Most channels accepted. */
    public static final int MAX_CHANNELS = 64;

    public WavFormat {
        if (sampleRateHz < 1 || sampleRateHz > MAX_SAMPLE_RATE_HZ) {
            throw new IllegalArgumentException("sampleRateHz " + sampleRateHz + " is outside 1.." + MAX_SAMPLE_RATE_HZ);
        }
        if (channels < 1 || channels > MAX_CHANNELS) {
            throw new IllegalArgumentException("channels " + channels + " is outside 1.." + MAX_CHANNELS);
        }
        boolean supported = floatingPoint
                ? bitsPerSample == 32 || bitsPerSample == 64
                : bitsPerSample == 8 || bitsPerSample == 16 || bitsPerSample == 24 || bitsPerSample == 32;
        if (!supported) {
            throw new IllegalArgumentException("bitsPerSample " + bitsPerSample + " is not supported for "
                    + (floatingPoint ? "IEEE float (32 or 64)" : "PCM (8, 16, 24 or 32)"));
        }
    }

    /** 16-bit integer PCM, the stitcher's output format. */
    public static WavFormat pcm16(int sampleRateHz, int channels) {
        return new WavFormat(sampleRateHz, channels, 16, false);
    }

    /** Bytes per sample of one channel. */
    public int bytesPerSample() {
        return bitsPerSample / 8;
    }

    /** Bytes per frame (all channels), the WAV block align. */
    public int blockAlign() {
        return channels * bytesPerSample();
    }
}
