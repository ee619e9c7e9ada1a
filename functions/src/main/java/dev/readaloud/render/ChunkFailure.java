package dev.readaloud.render;

/**
 * Why one chunk was given up ({@code chunk-failures/{00000}.json}), written by the AbandonChunk state.
 *
 * <p>A chunk's child execution of the Distributed Map fails with the chunk's own error, but the Map
 * state itself then fails with {@code States.ExceedToleratedFailureThreshold}, which names no chunk:
 * RecordFailure reads these records to report the chunk that failed first, as the inline Map did.
 *
 * @param index    the chunk
 * @param error    the error the chunk's retries ended with
 * @param cause    its cause, as the Catch gave it
 * @param failedAt ISO-8601 instant the chunk was given up
 */
public record ChunkFailure(int index, String error, String cause, String failedAt) {
}
