package dev.readaloud.audio;

/**
 * What the stitcher wrote.
 *
 * @param sampleRateHz   output frames per second
 * @param channels       output channels
 * @param frames         output frames
 * @param bytes          size of the output file
 * @param loudness       the output's loudness, measured as it was written, or null when not measured
 * @param normalization  the chunks' gains, or null when loudness normalization is off
 * @param chunksMeasured chunks whose loudness the stitch measured itself (they came without it)
 */
public record StitchResult(int sampleRateHz, int channels, long frames, long bytes, LoudnessMeasurement loudness,
                           LoudnessNormalization.Plan normalization, int chunksMeasured) {

    /** A result without loudness figures. */
    public StitchResult(int sampleRateHz, int channels, long frames, long bytes) {
        this(sampleRateHz, channels, frames, bytes, null, null, 0);
    }

    /** Duration of the output in milliseconds. */
    public long durationMillis() {
        return frames * 1000L / sampleRateHz;
    }
}
