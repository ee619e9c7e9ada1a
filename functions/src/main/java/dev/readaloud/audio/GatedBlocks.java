package dev.readaloud.audio;

/**
 * The loudness of the gating blocks of one measurement (400 ms blocks for integrated loudness, 3 s
 * blocks for loudness range), kept in constant memory whatever the duration: a histogram of 0.01 LU
 * bins from the absolute gate (-70 LUFS) to +10 LUFS, each bin holding its block count and the sum of
 * its blocks' mean squares. Sums are exact, so a gated mean is exact except for the blocks that share
 * a bin with the relative gate, which fall on the side of their bin's mean (at most 0.01 LU off); a
 * percentile is the mean loudness of its bin, so a steady tone reads exactly.
 */
final class GatedBlocks {

    static final double ABSOLUTE_GATE_LUFS = -70.0;
    private static final double TOP_LUFS = 10.0;
    private static final double BIN_LU = 0.01;
    private static final int BINS = (int) Math.round((TOP_LUFS - ABSOLUTE_GATE_LUFS) / BIN_LU);

    private final int[] counts = new int[BINS];
    private final double[] powers = new double[BINS];
    private long count;
    private double powerSum;

    /** BS.1770's loudness of a weighted mean square: -0.691 + 10 log10(power), -Infinity for 0. */
    static double lufs(double power) {
        return -0.691 + 10 * StrictMath.log10(power);
    }

    /** Adds a block of weighted mean square {@code power}; blocks at or below the absolute gate are dropped. */
    void add(double power) {
        double loudness = lufs(power);
        if (!(loudness > ABSOLUTE_GATE_LUFS)) {
            return;
        }
        int bin = (int) Math.min(BINS - 1, Math.floor((loudness - ABSOLUTE_GATE_LUFS) / BIN_LU));
        counts[bin]++;
        powers[bin] += power;
        count++;
        powerSum += power;
    }

    /** Blocks above the absolute gate. */
    long count() {
        return count;
    }

    private double binLoudness(int bin) {
        return lufs(powers[bin] / counts[bin]);
    }

    private double relativeGate(double relativeLu) {
        return lufs(powerSum / count) + relativeLu;
    }

    /**
     * The loudness of the mean power of the blocks above the relative gate, {@code relativeLu} (negative)
     * under the loudness of every block above the absolute gate: BS.1770-4's integrated loudness with
     * -10. -Infinity when no block passes the absolute gate.
     */
    double gatedLoudness(double relativeLu) {
        if (count == 0) {
            return Double.NEGATIVE_INFINITY;
        }
        double gate = relativeGate(relativeLu);
        double sum = 0;
        long n = 0;
        for (int bin = 0; bin < BINS; bin++) {
            if (counts[bin] > 0 && binLoudness(bin) > gate) {
                sum += powers[bin];
                n += counts[bin];
            }
        }
        return n == 0 ? Double.NEGATIVE_INFINITY : lufs(sum / n);
    }

    /**
     * EBU Tech 3342's loudness range: of the blocks above the relative gate ({@code relativeLu}, -20),
     * the {@code high} percentile's loudness minus the {@code low} percentile's (0.95 and 0.10), each the
     * value at index round((n - 1) * p) of the blocks in ascending order. 0 without blocks.
     */
    double range(double relativeLu, double low, double high) {
        if (count == 0) {
            return 0;
        }
        double gate = relativeGate(relativeLu);
        long n = 0;
        for (int bin = 0; bin < BINS; bin++) {
            if (counts[bin] > 0 && binLoudness(bin) >= gate) {
                n += counts[bin];
            }
        }
        if (n == 0) {
            return 0;
        }
        long lowIndex = Math.round((n - 1) * low);
        long highIndex = Math.round((n - 1) * high);
        double lowValue = Double.NaN;
        double highValue = Double.NaN;
        long seen = 0;
        for (int bin = 0; bin < BINS && Double.isNaN(highValue); bin++) {
            if (counts[bin] == 0 || binLoudness(bin) < gate) {
                continue;
            }
            seen += counts[bin];
            if (Double.isNaN(lowValue) && lowIndex < seen) {
                lowValue = binLoudness(bin);
            }
            if (highIndex < seen) {
                highValue = binLoudness(bin);
            }
        }
        return highValue - lowValue;
    }
}
