package dev.readaloud.audio;

/**
 * The K-weighting of ITU-R BS.1770-4: a high shelf (+4 dB above about 1.7 kHz, modelling the head)
 * followed by a high-pass (the RLB curve, about 38 Hz), as two biquads per channel.
 *
 * <p>BS.1770 tables the coefficients for 48 kHz only. Here they are derived for any rate from the
 * analog prototypes behind that table (the pole frequencies, Q and gains that reproduce it, as
 * libebur128 derives them) by the bilinear transform with the corner frequency pre-warped, so at
 * 48 kHz they are the table's values (within 1e-8) and at other rates the response matches the
 * prototype's at the corners. A stage whose corner lies at or above the Nyquist frequency (the
 * shelf below 3364 Hz, the high-pass below 77 Hz) cannot be realized and is left out, as it could
 * only act on frequencies such a signal cannot hold.
 *
 * <p>Filtering is in double precision (a 38 Hz pole at 48 kHz sits 0.005 from the unit circle, too
 * close for float), one independent state per channel, in sample order, so the output does not
 * depend on how the frames are split into calls.
 */
final class KWeighting {

    /** Shelf: centre frequency, gain and Q of the analog prototype (BS.1770-4 table 1 at 48 kHz). */
    static final double SHELF_HZ = 1681.974450955533;
    static final double SHELF_GAIN_DB = 3.999843853973347;
    static final double SHELF_Q = 0.7071752369554196;
    /** High-pass: corner frequency and Q of the analog prototype (BS.1770-4 table 2 at 48 kHz). */
    static final double HIGH_PASS_HZ = 38.13547087602444;
    static final double HIGH_PASS_Q = 0.5003270373238773;

    /** Numerator b0, b1, b2 and denominator a1, a2 (a0 = 1) of each stage. */
    final double[] shelf;
    final double[] highPass;

    private final int channels;
    /** Per channel: x1, x2, y1, y2 of the shelf, then y1, y2 of the high-pass (its input is the shelf's output). */
    private final double[] state;

    KWeighting(int sampleRateHz, int channels) {
        this.shelf = shelfCoefficients(sampleRateHz);
        this.highPass = highPassCoefficients(sampleRateHz);
        this.channels = channels;
        this.state = new double[channels * 6];
    }

    /** b0, b1, b2, a1, a2 of the shelf at {@code rateHz}; identity when the corner is not below Nyquist. */
    static double[] shelfCoefficients(double rateHz) {
        if (SHELF_HZ >= rateHz / 2) {
            return new double[] {1, 0, 0, 0, 0};
        }
        double k = StrictMath.tan(StrictMath.PI * SHELF_HZ / rateHz);
        double vh = StrictMath.pow(10, SHELF_GAIN_DB / 20);
        double vb = StrictMath.pow(vh, 0.4996667741545416);
        double a0 = 1 + k / SHELF_Q + k * k;
        return new double[] {
                (vh + vb * k / SHELF_Q + k * k) / a0,
                2 * (k * k - vh) / a0,
                (vh - vb * k / SHELF_Q + k * k) / a0,
                2 * (k * k - 1) / a0,
                (1 - k / SHELF_Q + k * k) / a0};
    }

    /** b0, b1, b2, a1, a2 of the high-pass at {@code rateHz}; identity when the corner is not below Nyquist. */
    static double[] highPassCoefficients(double rateHz) {
        if (HIGH_PASS_HZ >= rateHz / 2) {
            return new double[] {1, 0, 0, 0, 0};
        }
        double k = StrictMath.tan(StrictMath.PI * HIGH_PASS_HZ / rateHz);
        double a0 = 1 + k / HIGH_PASS_Q + k * k;
        // BS.1770 normalizes the numerator to 1, -2, 1 (unity gain at Nyquist rather than exactly 1 in the passband).
        return new double[] {1, -2, 1, 2 * (k * k - 1) / a0, (1 - k / HIGH_PASS_Q + k * k) / a0};
    }

    /**
     * Filters {@code frames} interleaved frames of {@code in} from frame {@code offset} and adds each
     * channel's squared outputs, one after the other, to {@code squares[channel]}.
     */
    void process(float[] in, int offset, int frames, double[] squares) {
        double sb0 = shelf[0];
        double sb1 = shelf[1];
        double sb2 = shelf[2];
        double sa1 = shelf[3];
        double sa2 = shelf[4];
        double hb0 = highPass[0];
        double hb1 = highPass[1];
        double hb2 = highPass[2];
        double ha1 = highPass[3];
        double ha2 = highPass[4];
        for (int c = 0; c < channels; c++) {
            int s = c * 6;
            double x1 = state[s];
            double x2 = state[s + 1];
            double y1 = state[s + 2];
            double y2 = state[s + 3];
            double z1 = state[s + 4];
            double z2 = state[s + 5];
            // Accumulated in place, sample after sample: the same sum however the frames are split into calls.
            double sum = squares[c];
            int index = offset * channels + c;
            for (int f = 0; f < frames; f++, index += channels) {
                double x = in[index];
                double y = sb0 * x + sb1 * x1 + sb2 * x2 - sa1 * y1 - sa2 * y2;
                double z = hb0 * y + hb1 * y1 + hb2 * y2 - ha1 * z1 - ha2 * z2;
                x2 = x1;
                x1 = x;
                y2 = y1;
                y1 = y;
                z2 = z1;
                z1 = z;
                sum += z * z;
            }
            state[s] = x1;
            state[s + 1] = x2;
            state[s + 2] = y1;
            state[s + 3] = y2;
            state[s + 4] = z1;
            state[s + 5] = z2;
            squares[c] = sum;
        }
    }
}
