package dev.readaloud.audio;

/**
 * The windowed-sinc interpolation kernel both the resampler and the true-peak detector are built from: an
 * ideal low-pass (sinc) shaped by a Kaiser window with β = {@value #BETA}, about 80 dB of stop-band
 * attenuation. {@link StrictMath} keeps every coefficient, and so every output sample, the same on any JVM.
 */
final class KaiserSinc {

    /** The Kaiser window's shape parameter. */
    static final double BETA = 8.0;

    private KaiserSinc() {
    }

    /**
     * The kernel at {@code t} samples from its centre: {@code cutoff · sinc(cutoff · t)} windowed over
     * {@code halfTaps} samples each side.
     *
     * @param cutoff the pass band as a fraction of the Nyquist frequency, 0 < cutoff ≤ 1
     */
    static double at(double t, double cutoff, int halfTaps) {
        return cutoff * sinc(cutoff * t) * kaiser(t / halfTaps);
    }

    private static double sinc(double x) {
        if (x == 0) {
            return 1;
        }
        double px = StrictMath.PI * x;
        return StrictMath.sin(px) / px;
    }

    /** The Kaiser window at {@code x} in [-1, 1], 0 outside. */
    private static double kaiser(double x) {
        if (x <= -1 || x >= 1) {
            return 0;
        }
        return besselI0(BETA * StrictMath.sqrt(1 - x * x)) / besselI0(BETA);
    }

    /** The modified Bessel function of the first kind, order 0, by its power series. */
    private static double besselI0(double x) {
        double sum = 1;
        double term = 1;
        double halfX = x / 2;
        for (int k = 1; k < 60; k++) {
            term *= (halfX / k) * (halfX / k);
            sum += term;
            if (term < sum * 1e-17) {
                break;
            }
        }
        return sum;
    }
}
