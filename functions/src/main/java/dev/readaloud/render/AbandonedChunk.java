package dev.readaloud.render;

/**
 * What giving a chunk up did (the AbandonChunk state discards it; logs and tests read it).
 *
 * @param renderId       the render
 * @param index          the chunk
 * @param cancelledJobId the RunPod job cancelled for it, or null when none was recorded
 */
public record AbandonedChunk(String renderId, int index, String cancelledJobId) {
}
