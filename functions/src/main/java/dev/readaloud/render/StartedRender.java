package dev.readaloud.render;

/**
 * What {@code POST /renders} accepted.
 *
 * @param renderId the render id
 * @param state    its state now
 * @param created  false when an Idempotency-Key named an existing render
 */
public record StartedRender(String renderId, RenderState state, boolean created) {
}
