package dev.readaloud.audio;

/**
 * What the stitcher wrote.
 *
 * @param sampleRateHz output frames per second
 * @param channels     output channels
 * @param frames       output frames
 * @param bytes        size of the output file
 */
public record StitchResult(int sampleRateHz, int channels, long frames, long bytes) {

    /** Duration of the output in milliseconds. */
    public long durationMillis() {
        return frames * 1000L / sampleRateHz;
    }
}
