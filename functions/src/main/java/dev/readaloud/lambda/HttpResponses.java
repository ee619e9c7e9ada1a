package dev.readaloud.lambda;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.readaloud.logging.JsonLog;
import dev.readaloud.render.RenderJson;
import java.util.Map;

/** JSON responses of the HTTP API (payload format 2.0). */
final class HttpResponses {

    private static final int MAX_LOGGED_MESSAGE_CHARS = 1_000;
    private static final Map<String, String> HEADERS = Map.of(
            "Content-Type", "application/json",
            "Cache-Control", "no-store");

    private HttpResponses() {
    }

    static APIGatewayV2HTTPResponse json(int status, Object body) {
        try {
            return APIGatewayV2HTTPResponse.builder()
                    .withStatusCode(status)
                    .withHeaders(HEADERS)
                    .withBody(RenderJson.MAPPER.writeValueAsString(body))
                    .build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize a " + body.getClass().getSimpleName(), e);
        }
    }

    /** {@code {"error": message}}; the message must be meant for the caller, never an internal one. */
    static APIGatewayV2HTTPResponse error(int status, String message) {
        return json(status, Map.of("error", message));
    }

    /**
     * A 500 whose body says only {@code publicMessage}, while the log line gets what went wrong: the
     * exception's class and message (the steps' messages name ids, keys and counts, never a reading's
     * text or a secret), so the failure can be diagnosed from the logs alone.
     */
    static APIGatewayV2HTTPResponse internalError(JsonLog log, String route, RuntimeException e, String publicMessage) {
        log.event("api.error", "route", route, "error", e.getClass().getName(), "message", abbreviate(e.getMessage()));
        return error(500, publicMessage);
    }

    private static String abbreviate(String message) {
        if (message == null) {
            return null;
        }
        return message.length() <= MAX_LOGGED_MESSAGE_CHARS ? message
                : message.substring(0, MAX_LOGGED_MESSAGE_CHARS) + "...";
    }

    /** The header's value, whatever its case (HTTP API lowercases names; other callers may not). */
    static String header(Map<String, String> headers, String name) {
        if (headers == null) {
            return null;
        }
        for (Map.Entry<String, String> header : headers.entrySet()) {
            if (header.getKey().equalsIgnoreCase(name)) {
                return header.getValue();
            }
        }
        return null;
    }
}
