package dev.readaloud.render;

import dev.readaloud.audio.ChunkLoudness;
import dev.readaloud.audio.InvalidWavException;
import dev.readaloud.audio.LoudnessMeter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A chunk's loudness as S3 user metadata of chunks/{00000}.wav ({@code x-amz-meta-loudness-lufs},
 * {@code x-amz-meta-true-peak-dbtp}), measured by SynthesizeChunk on the bytes it stores, so the stitch
 * plans every gain from HeadObject alone and reads the audio once. Values are written by
 * {@link Double#toString} (-Infinity when undefined), which parses back to the very same doubles: a
 * gain planned from metadata equals one planned from measuring the chunk again.
 */
public final class ChunkLoudnessMetadata {

    public static final String LOUDNESS_LUFS = "loudness-lufs";
    public static final String TRUE_PEAK_DBTP = "true-peak-dbtp";

    private ChunkLoudnessMetadata() {
    }

    /** The metadata entries of a chunk WAV; none when it cannot be measured (the stitch then measures it). */
    public static Map<String, String> measure(byte[] wav) {
        ChunkLoudness loudness;
        try {
            loudness = LoudnessMeter.measure(wav).chunkLoudness();
        } catch (InvalidWavException e) {
            return Map.of();
        }
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put(LOUDNESS_LUFS, Double.toString(loudness.integratedLufs()));
        entries.put(TRUE_PEAK_DBTP, Double.toString(loudness.truePeakDbtp()));
        return entries;
    }

    /** The chunk's loudness from its metadata, or null when it has none (stored by an older version). */
    public static ChunkLoudness read(Map<String, String> metadata) {
        return ChunkLoudness.parse(metadata.get(LOUDNESS_LUFS), metadata.get(TRUE_PEAK_DBTP));
    }
}
