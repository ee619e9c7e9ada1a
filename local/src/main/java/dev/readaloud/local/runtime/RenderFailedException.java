package dev.readaloud.local.runtime;

/** A local render was refused or its execution failed; the message names the error and, where known, the chunk. */
public class RenderFailedException extends RuntimeException {

    private final String renderId;

    public RenderFailedException(String renderId, String message) {
        super(message);
        this.renderId = renderId;
    }

    /** The render's id, or null when no render was started. */
    public String renderId() {
        return renderId;
    }
}
