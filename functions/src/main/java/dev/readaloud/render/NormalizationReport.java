package dev.readaloud.render;

import dev.readaloud.audio.LoudnessNormalization;

/**
 * How the stitch set the chunks' levels (see {@link LoudnessNormalization}); each chunk's own figures
 * and gain are in its {@link ChunkTiming}.
 *
 * @param targetLufs          the loudness asked for
 * @param levelLufs           the loudness the chunks were brought to: the target, or lower when a chunk's
 *                            true peak would otherwise pass the ceiling
 * @param limitedByChunk      the chunk whose true peak lowered the level, or null
 * @param truePeakCeilingDbtp no chunk's true peak was raised past this
 * @param maxGainDb           no chunk was raised by more than this
 * @param chunksMeasured      chunks the stitch measured itself, stored without their loudness (by an older
 *                            version); each cost one more read of the chunk
 */
public record NormalizationReport(double targetLufs, double levelLufs, Integer limitedByChunk,
                                  double truePeakCeilingDbtp, double maxGainDb, int chunksMeasured) {

    static NormalizationReport of(LoudnessNormalization settings, LoudnessNormalization.Plan plan, int measured) {
        return new NormalizationReport(settings.targetLufs(), LoudnessReport.round(plan.levelLufs()),
                plan.limitingChunk() < 0 ? null : plan.limitingChunk(), settings.truePeakCeilingDbtp(),
                settings.maxGainDb(), measured);
    }
}
