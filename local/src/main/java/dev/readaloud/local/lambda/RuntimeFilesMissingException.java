package dev.readaloud.local.lambda;

/** A file the emulated Lambda runtime needs is not there; the message says how to get it. */
public class RuntimeFilesMissingException extends RuntimeException {

    public RuntimeFilesMissingException(String message) {
        super(message);
    }
}
