package dev.readaloud.lambda;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.readaloud.render.RenderJson;
import java.util.Map;

/** JSON responses of the HTTP API (payload format 2.0). */
final class HttpResponses {

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
