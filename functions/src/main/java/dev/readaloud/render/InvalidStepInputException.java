package dev.readaloud.render;

/** A step was invoked with an input it cannot use (missing render id, index out of range ...). Not retried. */
public class InvalidStepInputException extends IllegalArgumentException {
    public InvalidStepInputException(String message) {
        super(message);
    }
}
