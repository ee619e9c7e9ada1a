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
    private static final double KAISER_BETA = 8.0;
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

    Resampler(int inRateHz, int outRateHz, int channels) {
        long gcd = gcd(inRateHz, outRateHz);
        this.channels = channels;
        this.upFactor = outRateHz / gcd;
        this.downFactor = inRateHz / gcd;
        this.cutoff = PASSBAND * Math.min(1.0, (double) outRateHz / inRateHz);
        this.halfTaps = (int) Math.ceil(ZERO_CROSSINGS / cutoff);
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
            weights[j] = cutoff * sinc(cutoff * t) * kaiser(t / halfTaps);
            sum += weights[j];
        }
        float[] normalized = new float[weights.length];
        for (int j = 0; j < weights.length; j++) {
            normalized[j] = (float) (weights[j] / sum);
        }
        return normalized;
    }

    private static double sinc(double x) {
        if (x == 0) {
            return 1;
        }
        double px = StrictMath.PI * x;
        return StrictMath.sin(px) / px;
    }

    private static double kaiser(double x) {
        if (x <= -1 || x >= 1) {
            return 0;
        }
        return besselI0(KAISER_BETA * StrictMath.sqrt(1 - x * x)) / besselI0(KAISER_BETA);
    }

    private static double besselI0(double x) {
        double sum = 1;
        double term = 1;
        double halfX = x / 2;
        for (int k = 1; k < 50; k++) {
            term *= (halfX / k) * (halfX / k);
            sum += term;
            if (term < sum * 1e-17) {
                break;
            }
        }
        return sum;
    }

    private static long gcd(long a, long b) {
        while (b != 0) {
            long t = a % b;
            a = b;
            b = t;
        }
        return a;
    }

    /** Input frames needed before output frame {@code k} can be computed (exclusive end index). */
    private long inputNeededFor(long k) {
        return Math.floorDiv(k * downFactor, upFactor) + halfTaps + 1;
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
        long first = nextOutput;
        long last = first;
        while (last < outputLimit && inputNeededFor(last) <= available) {
            last++;
        }
        int count = (int) (last - first);
        out.ensure(count * channels);
        int taps = 2 * halfTaps;
        float[] samples = out.samples;
        for (int i = 0; i < count; i++) {
            long k = first + i;
            long position = k * downFactor;
            long n0 = Math.floorDiv(position, upFactor);
            long phase = position - n0 * upFactor;
            float[] weights = table != null ? table[(int) phase] : coefficients(phase);
            int base = (int) (n0 - halfTaps + 1 - historyStart) * channels;
            for (int c = 0; c < channels; c++) {
                float sum = 0;
                for (int j = 0, index = base + c; j < taps; j++, index += channels) {
                    sum += history[index] * weights[j];
                }
                samples[i * channels + c] = sum;
            }
        }
        out.frames = count;
        nextOutput = last;
        // Keep only the frames the next output still needs.
        long keepFrom = Math.floorDiv(nextOutput * downFactor, upFactor) - halfTaps + 1;
        int drop = (int) Math.max(0, Math.min(historyFrames, keepFrom - historyStart));
        if (drop > 0) {
            System.arraycopy(history, drop * channels, history, 0, (historyFrames - drop) * channels);
            historyFrames -= drop;
            historyStart += drop;
        }
        return out;
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
