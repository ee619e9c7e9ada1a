package dev.readaloud.local.runtime;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.readaloud.local.lambda.FunctionSpec;
import dev.readaloud.local.statemachine.LocalLambdaContext;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * HTTP API (payload format 2.0) events as API Gateway builds them, for calling the API handlers
 * on this machine the way {@code sam local start-api} does.
 */
final class HttpEvents {

    private HttpEvents() {
    }

    static APIGatewayV2HTTPEvent request(String method, String path, Map<String, String> headers, String body,
                                        Map<String, String> pathParameters) {
        String routeKey = method + " " + (pathParameters == null ? path : path.replaceFirst("/[^/]+$", "/{id}"));
        return request(method, routeKey, path, "", headers, body, pathParameters);
    }

    /**
     * @param routeKey the route as template.yaml declares it, e.g. {@code POST /runpod-webhooks/{renderId}/{index}}
     * @param rawQuery the query string as sent (percent-encoded), "" for none; its parameters are decoded into
     *                 queryStringParameters, repeated names joined with commas as API Gateway does
     */
    static APIGatewayV2HTTPEvent request(String method, String routeKey, String path, String rawQuery,
                                        Map<String, String> headers, String body, Map<String, String> pathParameters) {
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey(routeKey)
                .withRawPath(path)
                .withRawQueryString(rawQuery == null ? "" : rawQuery)
                .withQueryStringParameters(queryParameters(rawQuery))
                .withHeaders(headers)
                .withPathParameters(pathParameters)
                .withBody(body)
                .withIsBase64Encoded(false)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withRequestId(UUID.randomUUID().toString())
                        .withRouteKey(routeKey)
                        .withStage("$default")
                        .withTimeEpoch(Instant.now().toEpochMilli())
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                .withMethod(method).withPath(path).withProtocol("HTTP/1.1")
                                .withSourceIp("127.0.0.1").withUserAgent("readaloud-local").build())
                        .build())
                .build();
    }

    private static Map<String, String> queryParameters(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return null;
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            parameters.merge(name, value, (first, second) -> first + "," + second);
        }
        return parameters;
    }

    /** A Lambda context for an API handler call, with the function's name, timeout and memory from the template. */
    static Context context(FunctionSpec function) {
        return LocalLambdaContext.withRemainingMillis(function.logicalId(), UUID.randomUUID().toString(),
                Math.toIntExact(function.timeout().toMillis()), function.memoryMb());
    }
}
