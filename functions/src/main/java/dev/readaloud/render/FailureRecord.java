package dev.readaloud.render;

/**
 * What {@code failure.json} holds and the Fail state reports.
 *
 * @param renderId the render
 * @param error    the error name
 * @param cause    a readable cause (the error message, which names the chunk), never a stack trace
 * @param failedAt ISO-8601 instant the failure was recorded
 */
public record FailureRecord(String renderId, String error, String cause, String failedAt) {
}
