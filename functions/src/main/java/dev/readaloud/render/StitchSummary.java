package dev.readaloud.render;

/** The Stitch step's small output: where the audio is and what it is. */
public record StitchSummary(String renderId, int chunkCount, long durationMillis, long bytes, String sha256,
                            String outputKey) {
}
