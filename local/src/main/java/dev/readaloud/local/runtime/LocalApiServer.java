package dev.readaloud.local.runtime;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The HTTP API on localhost, as {@code sam local start-api} serves it: each request becomes an
 * HTTP API (payload 2.0) event for the same handler classes the Lambdas run. IAM auth is not
 * checked here: it is bound to the loopback address only.
 */
public final class LocalApiServer implements AutoCloseable {

    private static final Pattern RENDER_PATH = Pattern.compile("/renders/([^/]+)");
    private static final Pattern WEBHOOK_PATH = Pattern.compile("/runpod-webhooks/([^/]+)/([^/]+)");
    private static final int MAX_BODY_BYTES = 12 * 1024 * 1024;
    /**
     * Lambda's limit on a synchronous invocation's request payload (6 MB): API Gateway cannot hand a larger
     * webhook body to the function and answers 413, so RunPod's webhook with a long chunk's audio inline
     * never arrives, and the chunk falls back to polling after its callback timeout.
     */
    static final int MAX_LAMBDA_PAYLOAD_BYTES = 6 * 1024 * 1024;
    private static final String WEBHOOK_ROUTE = "POST /runpod-webhooks/{renderId}/{index}";

    private final HttpServer server;
    private volatile LocalRuntime runtime;

    private LocalApiServer(HttpServer server) {
        this.server = server;
    }

    /** Serves the API on 127.0.0.1:{@code port} (0 picks a free port). */
    public static LocalApiServer start(LocalRuntime runtime, int port) throws IOException {
        LocalApiServer api = bind(port);
        api.serve(runtime);
        return api;
    }

    /**
     * Binds 127.0.0.1:{@code port} without serving yet, so the URL is known before the runtime whose
     * functions need it (the webhook URL RunPod reports to in callback mode) is built.
     */
    static LocalApiServer bind(int port) throws IOException {
        return new LocalApiServer(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0));
    }

    /** Starts serving {@code runtime}'s handlers. */
    void serve(LocalRuntime runtime) {
        this.runtime = runtime;
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }

    /** The API's base URL, e.g. {@code http://127.0.0.1:3000}. */
    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
            String path = exchange.getRequestURI().getPath();
            APIGatewayV2HTTPResponse response;
            Matcher render = RENDER_PATH.matcher(path);
            Matcher webhook = WEBHOOK_PATH.matcher(path);
            if (webhook.matches() && "POST".equals(method)) {
                byte[] body = exchange.getRequestBody().readNBytes(MAX_LAMBDA_PAYLOAD_BYTES + 1);
                if (body.length > MAX_LAMBDA_PAYLOAD_BYTES) {
                    respond(exchange, 413, "{\"message\":\"Request Entity Too Large\"}");
                    return;
                }
                APIGatewayV2HTTPEvent event = HttpEvents.request(method, WEBHOOK_ROUTE, path,
                        exchange.getRequestURI().getRawQuery(), headers(exchange), new String(body, StandardCharsets.UTF_8),
                        Map.of("renderId", webhook.group(1), "index", webhook.group(2)));
                response = runtime.webhookHandler().handleRequest(event, HttpEvents.context(runtime.webhookFunction()));
            } else if ("/renders".equals(path) && "POST".equals(method)) {
                byte[] body = readBody(exchange.getRequestBody());
                if (body == null) {
                    respond(exchange, 413, "{\"error\":\"request body is larger than " + MAX_BODY_BYTES + " bytes\"}");
                    return;
                }
                response = runtime.startRenderHandler().handleRequest(
                        event(exchange, method, path, new String(body, StandardCharsets.UTF_8), null),
                        HttpEvents.context(runtime.startRenderFunction()));
            } else if (render.matches() && "GET".equals(method)) {
                response = runtime.getRenderHandler().handleRequest(
                        event(exchange, method, path, null, Map.of("id", render.group(1))),
                        HttpEvents.context(runtime.getRenderFunction()));
            } else if ("/renders".equals(path) || render.matches()) {
                respond(exchange, 405, "{\"error\":\"method " + method + " is not allowed on " + path + "\"}");
                return;
            } else {
                respond(exchange, 404, "{\"error\":\"no route for " + method + " " + path + "\"}");
                return;
            }
            if (response.getHeaders() != null) {
                response.getHeaders().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
            }
            respond(exchange, response.getStatusCode(), response.getBody() == null ? "" : response.getBody());
        }
    }

    private static APIGatewayV2HTTPEvent event(HttpExchange exchange, String method, String path, String body,
                                               Map<String, String> pathParameters) {
        return HttpEvents.request(method, path, headers(exchange), body, pathParameters);
    }

    private static Map<String, String> headers(HttpExchange exchange) {
        Map<String, String> headers = new TreeMap<>();
        for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
            headers.put(header.getKey().toLowerCase(Locale.ROOT), String.join(",", header.getValue()));
        }
        return headers;
    }

    /** The body, or null when it is larger than the API accepts. */
    private static byte[] readBody(InputStream in) throws IOException {
        byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
        return body.length > MAX_BODY_BYTES ? null : body;
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        if (!exchange.getResponseHeaders().containsKey("content-type")) {
            exchange.getResponseHeaders().set("content-type", "application/json");
        }
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
