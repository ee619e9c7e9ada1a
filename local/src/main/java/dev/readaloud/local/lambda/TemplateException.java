package dev.readaloud.local.lambda;

/** template.yaml cannot be read as Lambda would: a missing value, an unresolved reference, an unsupported intrinsic. */
public class TemplateException extends RuntimeException {

    public TemplateException(String message) {
        super(message);
    }

    public TemplateException(String message, Throwable cause) {
        super(message, cause);
    }
}
