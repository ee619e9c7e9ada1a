package dev.readaloud.audio;

/**
 * How chunks are joined.
 *
 * @param pauseMillis      silence inserted at every seam (unless the input gives its own), 0 or more
 * @param crossfadeMillis  equal-power crossfade length at every seam, 0 for none
 * @param trim             trim leading and trailing silence of every chunk
 * @param trimThresholdDbfs level below which a sample counts as silence, e.g. -50 dBFS
 * @param trimMarginMillis silence kept on each side after trimming
 * @param sampleRateHz     output rate, or 0 for the first chunk's rate
 * @param channels         output channels (1 or 2), or 0 for the first chunk's count
 */
public record StitchSettings(int pauseMillis, int crossfadeMillis, boolean trim, double trimThresholdDbfs,
                             int trimMarginMillis, int sampleRateHz, int channels) {
}
