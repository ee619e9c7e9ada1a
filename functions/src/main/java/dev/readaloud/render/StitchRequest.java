package dev.readaloud.render;

/** The Stitch step's input. */
public record StitchRequest(String renderId) {
}
