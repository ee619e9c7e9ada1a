package dev.readaloud.local.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Iterator;
import java.util.Set;

/**
 * What one invocation through the Runtime Interface Emulator came to. The emulator answers every
 * outcome with HTTP 200 and without Lambda's X-Amz-Function-Error header: a result is the function's
 * payload; a function error is the runtime's error payload {@code {errorMessage, errorType, stackTrace}};
 * a timeout is the plain text "Task timed out after N.00 seconds". They are told apart as
 * {@code sam local} tells them apart: a JSON object with an errorType and no keys beyond the error
 * payload's is an error.
 */
sealed interface FunctionResponse {

    /** The function returned {@code payload} (JSON text, possibly empty). */
    record Result(String payload) implements FunctionResponse { }

    /** The function threw: {@code errorType} is the exception's class name, {@code payload} the error JSON. */
    record FunctionError(String errorType, String payload) implements FunctionResponse { }

    /** The invocation ran past the function's timeout; {@code payload} is Lambda's error JSON for it. */
    record Timeout(String payload) implements FunctionResponse { }

    /** Lambda's error name for a function that ran out of time, which the state machine retries. */
    String TIMEOUT_ERROR = "Sandbox.Timedout";

    /** Step Functions' error name for a Lambda failure it cannot name otherwise. */
    String UNKNOWN_ERROR = "Lambda.Unknown";

    Set<String> ERROR_PAYLOAD_KEYS = Set.of("errorMessage", "errorType", "stackTrace", "cause");

    ObjectMapper MAPPER = new ObjectMapper();

    /**
     * @param status    the emulator's HTTP status
     * @param body      the emulator's response body
     * @param requestId the invocation's request id (Lambda's timeout message starts with it)
     */
    static FunctionResponse of(int status, String body, String requestId) {
        if (body.startsWith("Task timed out after")) {
            return timeout(requestId + " " + body.strip());
        }
        JsonNode json = parse(body);
        if (json instanceof ObjectNode object && isErrorPayload(object)) {
            return new FunctionError(object.get("errorType").asText(), body);
        }
        if (status != 200) {
            ObjectNode payload = MAPPER.createObjectNode();
            payload.put("errorMessage", "the Runtime Interface Emulator answered HTTP " + status
                    + (body.isBlank() ? "" : ": " + body.strip()));
            payload.put("errorType", UNKNOWN_ERROR);
            return new FunctionError(UNKNOWN_ERROR, payload.toString());
        }
        return new Result(body);
    }

    /** A timeout with Lambda's message, e.g. "{requestId} Task timed out after 3.00 seconds". */
    static Timeout timeout(String message) {
        ObjectNode payload = MAPPER.createObjectNode();
        payload.put("errorMessage", message);
        payload.put("errorType", TIMEOUT_ERROR);
        return new Timeout(payload.toString());
    }

    private static boolean isErrorPayload(ObjectNode object) {
        if (!object.path("errorType").isTextual()) {
            return false;
        }
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            if (!ERROR_PAYLOAD_KEYS.contains(names.next())) {
                return false;
            }
        }
        return true;
    }

    private static JsonNode parse(String body) {
        if (body.isBlank()) {
            return null;
        }
        try {
            return MAPPER.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }
}
