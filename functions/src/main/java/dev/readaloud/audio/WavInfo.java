package dev.readaloud.audio;

/**
 * What a WAV file holds.
 *
 * @param sampleRateHz   frames per second
 * @param channels       interleaved channels per frame
 * @param bitsPerSample  8, 16, 24, 32 (PCM) or 32, 64 (float)
 * @param floatingPoint  IEEE float samples rather than integer PCM
 * @param frames         frames of audio in the data chunk
 */
public record WavInfo(int sampleRateHz, int channels, int bitsPerSample, boolean floatingPoint, long frames) {

    /** Duration of the audio in milliseconds. */
    public long durationMillis() {
        return frames * 1000L / sampleRateHz;
    }
}
