package dev.readaloud.text;

/** The text cannot be planned: empty after cleaning, or settings out of range. The message says which. */
public class InvalidTextException extends IllegalArgumentException {
    public InvalidTextException(String message) {
        super(message);
    }
}
