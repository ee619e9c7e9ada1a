package dev.readaloud.render;

/**
 * One chunk in {@code plan.json}.
 *
 * @param index    position, from 0
 * @param text     the chunk's text
 * @param chars    its length in Unicode code points
 * @param boundary how it ends (PARAGRAPH, SENTENCE, CLAUSE, WORD, HARD)
 * @param sha256   hash of voice, chunk settings and text: a chunk WAV with this hash is this chunk's audio
 */
public record PlannedChunk(int index, String text, int chars, String boundary, String sha256) {
}
