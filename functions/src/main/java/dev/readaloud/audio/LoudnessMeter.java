package dev.readaloud.audio;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Measures a signal as ITU-R BS.1770-4 and EBU R128 do, streaming: frames are {@linkplain #add added}
 * in any number of calls, and {@link #finish} gives the {@link LoudnessMeasurement}. Memory is constant
 * whatever the duration (a few KiB of filter state and two histograms of 8,000 bins).
 *
 * <ul>
 *   <li>K-weighting ({@link KWeighting}), coefficients derived for the signal's own rate.</li>
 *   <li>Channels summed with BS.1770's weights: 1.0 for left, right and centre; with 5 channels
 *       (L, R, C, Ls, Rs) the surrounds weigh 1.41; from 6 channels on (WAV order: L, R, C, LFE, Ls,
 *       Rs, ...) the fourth, the LFE, weighs 0 and every channel after it 1.41. One to four channels
 *       all weigh 1.0, so mono is measured as one channel (a 997 Hz sine at 0 dBFS reads -3.01 LUFS).</li>
 *   <li>The signal is cut into 100 ms segments (segment k covers frames floor(k * rate / 10) up to
 *       floor((k + 1) * rate / 10), so any rate works); a 400 ms block is 4 consecutive segments (75 %
 *       overlap), a 3 s block 30 (every 100 ms). A block's power is its frames' weighted mean square.</li>
 *   <li>Integrated loudness: the blocks above -70 LUFS, then those above 10 LU under their mean
 *       (BS.1770-4). -Infinity (undefined) when no block passes, e.g. silence or less than 400 ms.</li>
 *   <li>Loudness range (EBU Tech 3342): the 3 s blocks above -70 LUFS and above 20 LU under their
 *       mean; the 95th minus the 10th percentile. 0 with less than 3 s.</li>
 *   <li>True peak and sample peak: {@link TruePeakDetector} (4x oversampling).</li>
 *   <li>RMS and noise floor, unweighted, for {@link AcxCheck}: RMS is the mean square of every sample
 *       of every channel, over the whole signal; the noise floor is the lowest mean square of any 500 ms
 *       window (5 segments, every 100 ms), or of the whole signal when it is shorter.</li>
 * </ul>
 *
 * <p>Every sum is taken sample after sample in signal order, so the measurement does not depend on
 * how the frames are split into calls, and it is the same on every JVM (the logarithms are
 * {@link StrictMath}'s): measuring the same bytes twice gives the same doubles.
 */
public final class LoudnessMeter {

    /** BS.1770-4's relative gate for integrated loudness, in LU under the absolute-gated loudness. */
    public static final double RELATIVE_GATE_LU = -10.0;
    /** EBU Tech 3342's relative gate for loudness range. */
    public static final double RANGE_RELATIVE_GATE_LU = -20.0;
    /** Weight of a surround channel (+1.5 dB). */
    public static final double SURROUND_WEIGHT = 1.41;

    private static final int SEGMENTS_PER_SECOND = 10;
    private static final int MOMENTARY_SEGMENTS = 4;
    private static final int SHORT_TERM_SEGMENTS = 30;
    private static final int NOISE_WINDOW_SEGMENTS = 5;
    private static final int READ_FRAMES = 8192;

    private final int sampleRateHz;
    private final int channels;
    private final double[] weights;
    private final KWeighting kWeighting;
    private final TruePeakDetector peaks;
    private final GatedBlocks momentary = new GatedBlocks();
    private final GatedBlocks shortTerm = new GatedBlocks();

    /** K-weighted sums of squares of the current segment, per channel. */
    private final double[] squares;
    /** Unweighted sum of squares of the current segment, every channel. */
    private double unweighted;
    /** The last segments: weighted energy, unweighted energy and frames, by segment number modulo the ring. */
    private final double[] ringEnergy = new double[SHORT_TERM_SEGMENTS];
    private final double[] ringUnweighted = new double[SHORT_TERM_SEGMENTS];
    private final long[] ringFrames = new long[SHORT_TERM_SEGMENTS];
    private long segments;
    private long position;
    private long segmentEnd;
    private double totalUnweighted;
    private double quietestWindow = Double.POSITIVE_INFINITY;
    private boolean finished;

    public LoudnessMeter(int sampleRateHz, int channels) {
        if (sampleRateHz < 1 || sampleRateHz > WavFormat.MAX_SAMPLE_RATE_HZ) {
            throw new IllegalArgumentException("sampleRateHz " + sampleRateHz + " is outside 1.."
                    + WavFormat.MAX_SAMPLE_RATE_HZ);
        }
        if (channels < 1 || channels > WavFormat.MAX_CHANNELS) {
            throw new IllegalArgumentException("channels " + channels + " is outside 1.." + WavFormat.MAX_CHANNELS);
        }
        this.sampleRateHz = sampleRateHz;
        this.channels = channels;
        this.weights = channelWeights(channels);
        this.kWeighting = new KWeighting(sampleRateHz, channels);
        this.peaks = new TruePeakDetector(sampleRateHz, channels);
        this.squares = new double[channels];
        this.segmentEnd = segmentStart(1);
    }

    /** BS.1770-4's channel weights for {@code channels} channels in WAV order (see the class comment). */
    static double[] channelWeights(int channels) {
        double[] weights = new double[channels];
        java.util.Arrays.fill(weights, 1.0);
        if (channels == 5) {
            weights[3] = SURROUND_WEIGHT;
            weights[4] = SURROUND_WEIGHT;
        } else if (channels >= 6) {
            weights[3] = 0.0;
            for (int c = 4; c < channels; c++) {
                weights[c] = SURROUND_WEIGHT;
            }
        }
        return weights;
    }

    /**
     * Measures a whole WAV (any format {@link WavReader} accepts) and closes {@code wav}.
     *
     * @throws InvalidWavException naming what is wrong with it
     * @throws IOException         if reading fails
     */
    public static LoudnessMeasurement measure(InputStream wav) throws IOException {
        try (WavStream stream = WavReader.open(new BufferedInputStream(wav, 1 << 16))) {
            return measure(stream);
        }
    }

    /** Measures the rest of {@code stream}; the caller closes it. */
    public static LoudnessMeasurement measure(WavStream stream) throws IOException {
        WavFormat format = stream.format();
        LoudnessMeter meter = new LoudnessMeter(format.sampleRateHz(), format.channels());
        float[] samples = new float[READ_FRAMES * format.channels()];
        int frames;
        while ((frames = stream.read(samples, READ_FRAMES)) >= 0) {
            meter.add(samples, 0, frames);
        }
        return meter.finish();
    }

    /**
     * Measures a WAV held in memory.
     *
     * @throws InvalidWavException naming what is wrong with it
     */
    public static LoudnessMeasurement measure(byte[] wav) throws InvalidWavException {
        try {
            return measure(new ByteArrayInputStream(wav));
        } catch (InvalidWavException e) {
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException("reading from memory failed", e);
        }
    }

    public int sampleRateHz() {
        return sampleRateHz;
    }

    public int channels() {
        return channels;
    }

    /** Adds {@code frames} interleaved frames of {@code samples} (full scale ±1.0) from frame {@code offset}. */
    public void add(float[] samples, int offset, int frames) {
        if (finished) {
            throw new IllegalStateException("the meter is finished");
        }
        while (frames > 0) {
            int n = (int) Math.min(frames, segmentEnd - position);
            if (n > 0) {
                kWeighting.process(samples, offset, n, squares);
                peaks.process(samples, offset, n);
                double sum = unweighted;
                for (int i = offset * channels, end = (offset + n) * channels; i < end; i++) {
                    sum += (double) samples[i] * samples[i];
                }
                unweighted = sum;
                position += n;
                offset += n;
                frames -= n;
            }
            if (position == segmentEnd) {
                endSegment();
            }
        }
    }

    /** The first frame of segment {@code k}. */
    private long segmentStart(long k) {
        return k * sampleRateHz / SEGMENTS_PER_SECOND;
    }

    private void endSegment() {
        double energy = 0;
        for (int c = 0; c < channels; c++) {
            energy += weights[c] * squares[c];
            squares[c] = 0;
        }
        int slot = (int) (segments % SHORT_TERM_SEGMENTS);
        ringEnergy[slot] = energy;
        ringUnweighted[slot] = unweighted;
        ringFrames[slot] = segmentEnd - segmentStart(segments);
        totalUnweighted += unweighted;
        unweighted = 0;
        segments++;
        segmentEnd = segmentStart(segments + 1);
        if (segments >= MOMENTARY_SEGMENTS) {
            addBlock(momentary, MOMENTARY_SEGMENTS);
        }
        if (segments >= SHORT_TERM_SEGMENTS) {
            addBlock(shortTerm, SHORT_TERM_SEGMENTS);
        }
        if (segments >= NOISE_WINDOW_SEGMENTS) {
            double sum = 0;
            long frames = 0;
            for (long k = segments - NOISE_WINDOW_SEGMENTS; k < segments; k++) {
                int s = (int) (k % SHORT_TERM_SEGMENTS);
                sum += ringUnweighted[s];
                frames += ringFrames[s];
            }
            if (frames > 0) {
                quietestWindow = Math.min(quietestWindow, sum / ((double) frames * channels));
            }
        }
    }

    /** Adds the block of the last {@code length} segments. */
    private void addBlock(GatedBlocks blocks, int length) {
        double sum = 0;
        long frames = 0;
        for (long k = segments - length; k < segments; k++) {
            int s = (int) (k % SHORT_TERM_SEGMENTS);
            sum += ringEnergy[s];
            frames += ringFrames[s];
        }
        if (frames > 0) {
            blocks.add(sum / frames);
        }
    }

    /** The measurement of every frame added; the meter takes no more frames after this. */
    public LoudnessMeasurement finish() {
        if (finished) {
            throw new IllegalStateException("the meter is finished");
        }
        finished = true;
        double[] peak = peaks.finish();
        // The last, partial segment counts for the RMS (and for the noise floor of a signal under 500 ms).
        double allSquares = totalUnweighted + unweighted;
        double samples = (double) position * channels;
        double meanSquare = position == 0 ? 0 : allSquares / samples;
        double floorSquare = quietestWindow == Double.POSITIVE_INFINITY ? meanSquare : quietestWindow;
        return new LoudnessMeasurement(sampleRateHz, channels, position,
                momentary.gatedLoudness(RELATIVE_GATE_LU),
                shortTerm.range(RANGE_RELATIVE_GATE_LU, 0.10, 0.95),
                decibels(peak[0] * peak[0]), decibels(peak[1] * peak[1]),
                decibels(meanSquare), decibels(floorSquare));
    }

    /** 10 log10 of a power ratio: -Infinity for 0. */
    static double decibels(double power) {
        return 10 * StrictMath.log10(power);
    }
}
