package dev.readaloud.render;

/** An Idempotency-Key was reused with a different request body (422); the message is safe to return. */
public class IdempotencyConflictException extends RuntimeException {
    public IdempotencyConflictException(String message) {
        super(message);
    }
}
