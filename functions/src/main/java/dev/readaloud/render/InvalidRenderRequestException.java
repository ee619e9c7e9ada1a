package dev.readaloud.render;

/** A caller's render request is wrong; the message is safe to return to the caller (400). */
public class InvalidRenderRequestException extends IllegalArgumentException {
    public InvalidRenderRequestException(String message) {
        super(message);
    }
}
