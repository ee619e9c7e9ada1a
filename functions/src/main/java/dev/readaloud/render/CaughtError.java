package dev.readaloud.render;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * An error as a Catch puts it into the state's data (its ResultPath): {@code {"Error", "Cause"}}.
 *
 * @param error the error name (for Lambda errors the exception's class name)
 * @param cause the cause: for Lambda errors the JSON payload {"errorMessage","errorType","stackTrace"}
 */
public record CaughtError(@JsonProperty("Error") String error, @JsonProperty("Cause") String cause) {
}
