package dev.readaloud.render;

/**
 * S3 failed in a way that passes: a 5xx (InternalError, SlowDown, ServiceUnavailable), a throttle,
 * a request timeout or a connection error, still failing after the SDK's own retries. The state
 * machine retries every Lambda task on this name with backoff; permanent S3 errors (access denied,
 * no such bucket) keep their own types and are not retried.
 */
public class StorageUnavailableException extends RuntimeException {
    public StorageUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
