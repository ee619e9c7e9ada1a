package dev.readaloud.audio;

/**
 * How chunks are joined.
 *
 * <p>At every seam, with a pause: the end of the earlier chunk fades out and the start of the next
 * fades in, each over {@code crossfadeMillis} (equal-power curves), with the pause in between.
 * Without a pause: the two overlap by {@code crossfadeMillis} in an equal-power crossfade. With
 * neither, the samples simply follow each other.
 *
 * @param pauseMillis       silence inserted at every seam (unless the input gives its own), 0 or more
 * @param crossfadeMillis   equal-power crossfade (or fade-out and fade-in) length at every seam, 0 for none
 * @param trim              trim leading and trailing silence of every chunk
 * @param trimThresholdDbfs level below which a sample counts as silence, e.g. -50 dBFS; at most 0
 * @param trimMarginMillis  silence kept on each side after trimming, 0 or more
 * @param sampleRateHz      output rate, or 0 for the first chunk's rate
 * @param channels          output channels (1 or 2), or 0 for the first chunk's count (more than 2 becomes 2)
 * @param loudness          bring every chunk to one loudness with a constant gain per chunk
 *                          ({@link LoudnessNormalization}), or null to leave levels (and bytes) as they are.
 *                          Trimming decides on each chunk's levels before its gain, so the gains change
 *                          levels, never timing: the output has the frames it has without them
 */
public record StitchSettings(int pauseMillis, int crossfadeMillis, boolean trim, double trimThresholdDbfs,
                             int trimMarginMillis, int sampleRateHz, int channels, LoudnessNormalization loudness) {

    /** Settings without loudness normalization. */
    public StitchSettings(int pauseMillis, int crossfadeMillis, boolean trim, double trimThresholdDbfs,
                          int trimMarginMillis, int sampleRateHz, int channels) {
        this(pauseMillis, crossfadeMillis, trim, trimThresholdDbfs, trimMarginMillis, sampleRateHz, channels, null);
    }

    /** Longest pause, crossfade or margin accepted, in milliseconds (ten minutes). */
    public static final int MAX_MILLIS = 600_000;
    /** Lowest explicit output rate accepted, in Hz. */
    public static final int MIN_OUTPUT_RATE_HZ = 1_000;
    /** Highest explicit output rate accepted, in Hz. */
    public static final int MAX_OUTPUT_RATE_HZ = 384_000;

    public StitchSettings {
        checkMillis("pauseMillis", pauseMillis);
        checkMillis("crossfadeMillis", crossfadeMillis);
        checkMillis("trimMarginMillis", trimMarginMillis);
        if (Double.isNaN(trimThresholdDbfs) || trimThresholdDbfs > 0) {
            throw new IllegalArgumentException("trimThresholdDbfs is " + trimThresholdDbfs + ", must be 0 dBFS or less");
        }
        if (sampleRateHz != 0 && (sampleRateHz < MIN_OUTPUT_RATE_HZ || sampleRateHz > MAX_OUTPUT_RATE_HZ)) {
            throw new IllegalArgumentException("sampleRateHz is " + sampleRateHz + ", must be 0 (the first chunk's) or "
                    + MIN_OUTPUT_RATE_HZ + " to " + MAX_OUTPUT_RATE_HZ);
        }
        if (channels < 0 || channels > 2) {
            throw new IllegalArgumentException("channels is " + channels + ", must be 0 (the first chunk's), 1 or 2");
        }
    }

    private static void checkMillis(String name, int millis) {
        if (millis < 0 || millis > MAX_MILLIS) {
            throw new IllegalArgumentException(name + " is " + millis + ", must be 0 to " + MAX_MILLIS);
        }
    }

    /**
     * Pause 250 ms, crossfade 10 ms, trim silence below -50 dBFS keeping 50 ms, first chunk's format, levels
     * left as they are.
     */
    public static StitchSettings defaults() {
        return new StitchSettings(250, 10, true, -50.0, 50, 0, 0);
    }

    /** No trim, no pause, no crossfade: the output is the inputs' samples in order, converted to one format. */
    public static StitchSettings exact() {
        return new StitchSettings(0, 0, false, -50.0, 50, 0, 0);
    }

    /** These settings with {@code pauseMillis} replaced. */
    public StitchSettings withPauseMillis(int pauseMillis) {
        return new StitchSettings(pauseMillis, crossfadeMillis, trim, trimThresholdDbfs, trimMarginMillis,
                sampleRateHz, channels, loudness);
    }

    /** These settings with {@code crossfadeMillis} replaced. */
    public StitchSettings withCrossfadeMillis(int crossfadeMillis) {
        return new StitchSettings(pauseMillis, crossfadeMillis, trim, trimThresholdDbfs, trimMarginMillis,
                sampleRateHz, channels, loudness);
    }

    /** These settings with trimming switched on or off. */
    public StitchSettings withTrim(boolean trim) {
        return new StitchSettings(pauseMillis, crossfadeMillis, trim, trimThresholdDbfs, trimMarginMillis,
                sampleRateHz, channels, loudness);
    }

    /** These settings with the output format replaced (0 = the first chunk's). */
    public StitchSettings withOutput(int sampleRateHz, int channels) {
        return new StitchSettings(pauseMillis, crossfadeMillis, trim, trimThresholdDbfs, trimMarginMillis,
                sampleRateHz, channels, loudness);
    }

    /** These settings with loudness normalization replaced (null: off). */
    public StitchSettings withLoudness(LoudnessNormalization loudness) {
        return new StitchSettings(pauseMillis, crossfadeMillis, trim, trimThresholdDbfs, trimMarginMillis,
                sampleRateHz, channels, loudness);
    }
}
