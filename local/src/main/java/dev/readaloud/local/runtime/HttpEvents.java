package dev.readaloud.local.runtime;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.readaloud.local.lambda.FunctionSpec;
import dev.readaloud.local.statemachine.LocalLambdaContext;
import java.time.Instant;
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
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey(routeKey)
                .withRawPath(path)
                .withRawQueryString("")
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

    /** A Lambda context for an API handler call, with the function's name, timeout and memory from the template. */
    static Context context(FunctionSpec function) {
        return LocalLambdaContext.withRemainingMillis(function.logicalId(), UUID.randomUUID().toString(),
                Math.toIntExact(function.timeout().toMillis()), function.memoryMb());
    }
}
