package dev.readaloud.audio;

/**
 * Changes the sample rate of interleaved float audio with a polyphase windowed-sinc filter
 * (Kaiser window), keeping pitch and duration. The rate ratio is reduced to L/M; output frame
 * {@code k} sits at input time {@code k*M/L} and is a weighted sum of the 2H input frames around
 * it. The cutoff is {@value #PASSBAND} of the lower Nyquist frequency, so downsampling does not
 * alias. Coefficients come from {@link StrictMath}, so output is the same on every JVM.
 *
 * <p>Streaming: {@link #process} takes any number of frames and returns what it could compute;
 * {@link #finish} returns the rest. N input frames give ceil(N*L/M) output frames. Memory is one
 * filter table plus a few blocks of frames.
 */
final class Resampler {

    /** Fraction of the lower Nyquist frequency that passes. */
    static final double PASSBAND = 0.9;
    /** Zero crossings of the sinc on each side of the centre. */
    private static final int ZERO_CROSSINGS = 24;
    /** Above this many coefficients the filter is computed per output frame instead of tabled. */
    private static final long MAX_TABLE_COEFFICIENTS = 1 << 22;

    private final int channels;
    private final long upFactor;
    private final long downFactor;
    private final double cutoff;
    private final int halfTaps;
    private final float[][] table;

    private float[] history;
    /** Input index of history frame 0; negative at the start (zeros before the first frame). */
    private long historyStart;
    private int historyFrames;
    private long inputFrames;
    private long nextOutput;
    /** Input frame and phase (in 1/L) of the next output. */
    private long nextN0;
    private long nextPhase;
    /** How far one output step moves in the input: wholeStep + fractionStep/L frames. */
    private final long wholeStep;
    private final long fractionStep;

    Resampler(int inRateHz, int outRateHz, int channels) {
        long gcd = gcd(inRateHz, outRateHz);
        this.channels = channels;
        this.upFactor = outRateHz / gcd;
        this.downFactor = inRateHz / gcd;
        this.cutoff = PASSBAND * Math.min(1.0, (double) outRateHz / inRateHz);
        this.halfTaps = (int) Math.ceil(ZERO_CROSSINGS / cutoff);
        this.wholeStep = downFactor / upFactor;
        this.fractionStep = downFactor % upFactor;
        this.table = upFactor * 2 * halfTaps <= MAX_TABLE_COEFFICIENTS ? buildTable() : null;
        this.history = new float[4096 * channels];
        this.historyStart = -halfTaps;
        this.historyFrames = halfTaps;
    }

    private float[][] buildTable() {
        float[][] phases = new float[(int) upFactor][];
        for (int phase = 0; phase < upFactor; phase++) {
            phases[phase] = coefficients(phase);
        }
        return phases;
    }

    /** The 2H weights of input frames n0-H+1 .. n0+H for an output at n0 + phase/L, summing to 1. */
    private float[] coefficients(long phase) {
        double fraction = (double) phase / upFactor;
        double[] weights = new double[2 * halfTaps];
        double sum = 0;
        for (int j = 0; j < weights.length; j++) {
            double t = fraction - (j - halfTaps + 1);
            weights[j] = KaiserSinc.at(t, cutoff, halfTaps);
            sum += weights[j];
        }
        float[] normalized = new float[weights.length];
        for (int j = 0; j < weights.length; j++) {
            normalized[j] = (float) (weights[j] / sum);
        }
        return normalized;
    }

    private static long gcd(long a, long b) {
        while (b != 0) {
            long t = a % b;
            a = b;
            b = t;
        }
        return a;
    }

    /**
     * Feeds {@code frames} frames of {@code in} and returns the output frames that became
     * computable, in {@code out} (grown when too small); returns the output buffer.
     */
    Output process(float[] in, int frames, Output out) {
        append(in, frames);
        inputFrames += frames;
        return produce(Long.MAX_VALUE, out);
    }

    /** Returns the remaining output frames after the last input. */
    Output finish(Output out) {
        long totalOutput = (inputFrames * upFactor + downFactor - 1) / downFactor;
        float[] zeros = new float[(halfTaps + 1) * channels];
        append(zeros, halfTaps + 1);
        return produce(totalOutput, out);
    }

    private void append(float[] in, int frames) {
        int needed = (historyFrames + frames) * channels;
        if (needed > history.length) {
            float[] grown = new float[Math.max(needed, history.length * 2)];
            System.arraycopy(history, 0, grown, 0, historyFrames * channels);
            history = grown;
        }
        System.arraycopy(in, 0, history, historyFrames * channels, frames * channels);
        historyFrames += frames;
    }

    private Output produce(long outputLimit, Output out) {
        long available = historyStart + historyFrames;
        // Output k sits at input frame n0 + phase/L; it needs input frames up to n0 + H.
        long lastN0 = available - halfTaps - 1;
        long bound = lastN0 < nextN0 ? 0 : ((lastN0 - nextN0) * upFactor + upFactor) / downFactor + 1;
        int capacity = (int) Math.min(bound, outputLimit - nextOutput);
        out.ensure(capacity * channels);
        int taps = 2 * halfTaps;
        float[] samples = out.samples;
        long n0 = nextN0;
        long phase = nextPhase;
        int count = 0;
        while (count < capacity && n0 <= lastN0) {
            float[] weights = table != null ? table[(int) phase] : coefficients(phase);
            int base = (int) (n0 - halfTaps + 1 - historyStart) * channels;
            for (int c = 0; c < channels; c++) {
                samples[count * channels + c] = dot(history, base + c, weights, taps);
            }
            count++;
            n0 += wholeStep;
            phase += fractionStep;
            if (phase >= upFactor) {
                phase -= upFactor;
                n0++;
            }
        }
        out.frames = count;
        nextOutput += count;
        nextN0 = n0;
        nextPhase = phase;
        // Keep only the frames the next output still needs.
        long keepFrom = n0 - halfTaps + 1;
        int drop = (int) Math.max(0, Math.min(historyFrames, keepFrom - historyStart));
        if (drop > 0) {
            System.arraycopy(history, drop * channels, history, 0, (historyFrames - drop) * channels);
            historyFrames -= drop;
            historyStart += drop;
        }
        return out;
    }

    /**
     * Sum of {@code weights[j] * samples[from + j * channels]}, in eight interleaved partial sums
     * (a fixed order, so still deterministic) that the CPU can pipeline.
     */
    private float dot(float[] samples, int from, float[] weights, int taps) {
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        float s4 = 0;
        float s5 = 0;
        float s6 = 0;
        float s7 = 0;
        int stride = channels;
        int j = 0;
        int index = from;
        for (; j + 7 < taps; j += 8, index += 8 * stride) {
            s0 += samples[index] * weights[j];
            s1 += samples[index + stride] * weights[j + 1];
            s2 += samples[index + 2 * stride] * weights[j + 2];
            s3 += samples[index + 3 * stride] * weights[j + 3];
            s4 += samples[index + 4 * stride] * weights[j + 4];
            s5 += samples[index + 5 * stride] * weights[j + 5];
            s6 += samples[index + 6 * stride] * weights[j + 6];
            s7 += samples[index + 7 * stride] * weights[j + 7];
        }
        for (; j < taps; j++, index += stride) {
            s0 += samples[index] * weights[j];
        }
        return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    }

    /** A reusable output buffer: {@code frames} interleaved frames in {@code samples}. */
    static final class Output {
        float[] samples = new float[0];
        int frames;

        void ensure(int length) {
            if (samples.length < length) {
                samples = new float[length];
            }
        }
    }
}
