package dev.readaloud.audio;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Brings every chunk of a stitch to one loudness with one constant gain per chunk, never past a true
 * peak ceiling and never pumping up silence or noise.
 *
 * <p>The {@linkplain #plan plan} is made from every chunk's {@link ChunkLoudness} before the first
 * frame is written, and depends on nothing else, so the same chunks always get the same gains:
 * <ol>
 *   <li>A chunk whose integrated loudness is undefined (no 400 ms block above -70 LUFS: silence,
 *       hum, a breath) gets no gain.</li>
 *   <li>No chunk is raised by more than {@code maxGainDb}: a very quiet chunk stays quieter than the
 *       rest rather than having its noise raised with it. Lowering has no limit.</li>
 *   <li>The level every chunk is brought to is the target, or lower if at the target chunks' true
 *       peaks would pass the ceiling: then it is the highest level at which none does (the ceiling
 *       minus the largest peak-to-loudness ratio). One level for all keeps the chunks even: lowering
 *       only the chunks with high peaks would leave them quieter than their neighbours. A chunk held
 *       back by the gain limit does not count, as it is not raised that far. So that one odd chunk
 *       (a click, a plosive) cannot lower a whole book, the level may leave out the
 *       {@value #PEAK_OUTLIERS_PERCENT} % of chunks with the largest ratios (none of 20 or fewer,
 *       1 of 21 to 40, ...): those are lowered on their own, just under the ceiling.</li>
 * </ol>
 * The gain of chunk i is then min(level - L_i, maxGainDb), and never more than the ceiling minus its
 * true peak. Peaks are planned {@value #PEAK_HEADROOM_DB} dB under the ceiling: the stitch rounds to
 * 16 bits and fades at the seams, and other meters oversample with other filters (ffmpeg's ebur128
 * reads speech within about 0.05 dB of this meter), so the output stays under the ceiling as they
 * measure it too.
 *
 * <p>Speech often has a peak-to-loudness ratio of 15 to 20 dB (FreeTTS and espeak-ng: about 19), so
 * a -18 LUFS target under a -3 dBTP ceiling is reached only by speech whose ratio is at most 15 dB;
 * other speech is brought to one lower level (about -22 LUFS), as constant gains cannot do more
 * without a limiter.
 *
 * @param targetLufs          integrated loudness every chunk is brought to, {@value #MIN_TARGET_LUFS} to
 *                            {@value #MAX_TARGET_LUFS}
 * @param truePeakCeilingDbtp no chunk's true peak is raised above this, -20 to 0 dBTP
 * @param maxGainDb           the most a chunk is raised, 0 to 40 dB
 */
public record LoudnessNormalization(double targetLufs, double truePeakCeilingDbtp, double maxGainDb) {

    public static final double MIN_TARGET_LUFS = -40.0;
    public static final double MAX_TARGET_LUFS = -5.0;
    public static final double DEFAULT_TARGET_LUFS = -18.0;
    public static final double DEFAULT_TRUE_PEAK_CEILING_DBTP = -3.0;
    public static final double DEFAULT_MAX_GAIN_DB = 12.0;
    /** Per cent of chunks (rounded down) whose true peaks may be left out of the common level. */
    public static final int PEAK_OUTLIERS_PERCENT = 5;
    /** How far under the ceiling chunk peaks are planned (see the class comment). */
    public static final double PEAK_HEADROOM_DB = 0.1;

    public LoudnessNormalization {
        if (!(targetLufs >= MIN_TARGET_LUFS && targetLufs <= MAX_TARGET_LUFS)) {
            throw new IllegalArgumentException("the loudness target is " + targetLufs + " LUFS, must be "
                    + MIN_TARGET_LUFS + " to " + MAX_TARGET_LUFS);
        }
        if (!(truePeakCeilingDbtp >= -20 && truePeakCeilingDbtp <= 0)) {
            throw new IllegalArgumentException("the true peak ceiling is " + truePeakCeilingDbtp
                    + " dBTP, must be -20 to 0");
        }
        if (!(maxGainDb >= 0 && maxGainDb <= 40)) {
            throw new IllegalArgumentException("the gain limit is " + maxGainDb + " dB, must be 0 to 40");
        }
    }

    /** {@code targetLufs} with the default ceiling (-3 dBTP) and gain limit (+12 dB). */
    public static LoudnessNormalization to(double targetLufs) {
        return new LoudnessNormalization(targetLufs, DEFAULT_TRUE_PEAK_CEILING_DBTP, DEFAULT_MAX_GAIN_DB);
    }

    /** -18 LUFS, -3 dBTP, at most +12 dB. */
    public static LoudnessNormalization defaults() {
        return to(DEFAULT_TARGET_LUFS);
    }

    /**
     * Reads a loudness setting as the command line, the request and the environment give it: "off"
     * (any case) for none, or a target in LUFS such as "-18" or "-16.5".
     *
     * @return the normalization, or null for "off"
     * @throws IllegalArgumentException saying what is wrong, with the accepted forms
     */
    public static LoudnessNormalization parse(String value) {
        String text = value == null ? "" : value.strip();
        if (text.equalsIgnoreCase("off")) {
            return null;
        }
        double target;
        try {
            target = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(invalid(value));
        }
        if (!(target >= MIN_TARGET_LUFS && target <= MAX_TARGET_LUFS)) {
            throw new IllegalArgumentException(invalid(value));
        }
        return to(target);
    }

    private static String invalid(String value) {
        return "'" + value + "' is not a loudness: expected a target in LUFS from " + (int) MIN_TARGET_LUFS
                + " to " + (int) MAX_TARGET_LUFS + " (e.g. -18) or off";
    }

    /**
     * The gains of {@code chunks}, in order.
     *
     * @param levelLufs     the level chunks are brought to: the target, or lower when a true peak demands
     * @param limitingChunk the index of the chunk whose true peak set the level under the target, or -1
     * @param gainsDb       each chunk's gain in dB
     * @param chunks        each chunk's loudness, as the plan was made from it
     */
    public record Plan(double levelLufs, int limitingChunk, double[] gainsDb, List<ChunkLoudness> chunks) {

        public Plan {
            gainsDb = gainsDb.clone();
            chunks = List.copyOf(chunks);
        }

        /** Each chunk's gain in dB (a copy). */
        @Override
        public double[] gainsDb() {
            return gainsDb.clone();
        }

        /** Chunk {@code index}'s gain in dB. */
        public double gainDb(int index) {
            return gainsDb[index];
        }

        /** The linear factor chunk {@code index} is multiplied by: exactly 1 for 0 dB. */
        public float factor(int index) {
            double db = gainsDb[index];
            return db == 0 ? 1f : (float) StrictMath.pow(10, db / 20);
        }
    }

    /** Plans the gains of {@code chunks} (see the class comment). */
    public Plan plan(List<ChunkLoudness> chunks) {
        double ceiling = truePeakCeilingDbtp - PEAK_HEADROOM_DB;
        // The highest level each chunk can be brought to under the ceiling, lowest first (ties by index).
        List<double[]> reachable = new ArrayList<>();
        int counted = 0;
        for (int i = 0; i < chunks.size(); i++) {
            ChunkLoudness chunk = chunks.get(i);
            if (!chunk.hasLoudness()) {
                continue;
            }
            counted++;
            if (chunk.truePeakDbtp() + maxGainDb > ceiling) {
                reachable.add(new double[] {ceiling - (chunk.truePeakDbtp() - chunk.integratedLufs()), i});
            }
        }
        reachable.sort(Comparator.<double[]>comparingDouble(r -> r[0]).thenComparingDouble(r -> r[1]));
        int outliers = counted <= 0 ? 0 : (counted - 1) * PEAK_OUTLIERS_PERCENT / 100;
        double level = targetLufs;
        int limiting = -1;
        if (outliers < reachable.size() && reachable.get(outliers)[0] < level) {
            level = reachable.get(outliers)[0];
            limiting = (int) reachable.get(outliers)[1];
        }
        double[] gains = new double[chunks.size()];
        for (int i = 0; i < chunks.size(); i++) {
            ChunkLoudness chunk = chunks.get(i);
            double gain = chunk.hasLoudness() ? Math.min(level - chunk.integratedLufs(), maxGainDb) : 0;
            if (chunk.truePeakDbtp() > Double.NEGATIVE_INFINITY) {
                gain = Math.min(gain, ceiling - chunk.truePeakDbtp());
            }
            gains[i] = gain;
        }
        return new Plan(level, limiting, gains, chunks);
    }
}
