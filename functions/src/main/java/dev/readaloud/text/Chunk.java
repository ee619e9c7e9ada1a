package dev.readaloud.text;

/**
 * One chunk of a reading.
 *
 * @param index    position in the plan, from 0
 * @param text     the chunk's text, cleaned
 * @param chars    length of {@code text} in Unicode code points
 * @param boundary how the chunk ends, so the stitcher can pause longer after a paragraph
 */
public record Chunk(int index, String text, int chars, Boundary boundary) {
}
