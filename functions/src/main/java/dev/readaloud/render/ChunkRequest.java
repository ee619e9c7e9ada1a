package dev.readaloud.render;

/**
 * The SynthesizeChunk step's input.
 *
 * @param renderId the render
 * @param index    the chunk index, from 0
 * @param attempt  the Step Functions retry count of this task ({@code $$.State.RetryCount}), 0 first; may be null
 */
public record ChunkRequest(String renderId, Integer index, Integer attempt) {
}
