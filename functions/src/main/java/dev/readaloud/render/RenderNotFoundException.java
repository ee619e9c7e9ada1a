package dev.readaloud.render;

/** A render's objects are missing (no request.json or plan.json). Not retried. */
public class RenderNotFoundException extends RuntimeException {
    public RenderNotFoundException(String message) {
        super(message);
    }
}
