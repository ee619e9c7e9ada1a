package dev.readaloud.render;

/**
 * The RecordFailure step's input: the Catch's {@code Error} and {@code Cause}.
 *
 * @param renderId the render
 * @param error    the error name (for Lambda errors the exception's class name)
 * @param cause    the cause: for Lambda errors the JSON payload {"errorMessage","errorType","stackTrace"}
 */
public record FailureRequest(String renderId, String error, String cause) {
}
