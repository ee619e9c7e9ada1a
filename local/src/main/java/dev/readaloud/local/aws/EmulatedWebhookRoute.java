package dev.readaloud.local.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.readaloud.local.lambda.EmulatedFunction;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * The HTTP API's webhook route ({@code POST /runpod-webhooks/{renderId}/{index}}) on 127.0.0.1 for the
 * Lambda-runtime tier: each request becomes the payload 2.0 event API Gateway would send
 * (events/runpod-webhook.json with this request's path, query and body) for the emulated
 * RunPodWebhookFunction, whose answer goes back to the caller. A function error answers 500, as API
 * Gateway does; RunPod then retries.
 */
public final class EmulatedWebhookRoute implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final Path eventTemplate;
    private final List<Integer> answers = new CopyOnWriteArrayList<>();
    private volatile EmulatedFunction function;

    private EmulatedWebhookRoute(HttpServer server, Path eventTemplate) {
        this.server = server;
        this.eventTemplate = eventTemplate;
    }

    /** Binds a free port; requests are answered once {@link #forwardTo} names the function. */
    public static EmulatedWebhookRoute start(Path repository) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a port for the webhook route", e);
        }
        EmulatedWebhookRoute route = new EmulatedWebhookRoute(server, repository.resolve("events/runpod-webhook.json"));
        server.createContext("/runpod-webhooks/", route::handle);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
        return route;
    }

    /** The route's base, the value for RUNPOD_WEBHOOK_URL. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/runpod-webhooks");
    }

    /** The emulated RunPodWebhookFunction that answers the route. */
    public void forwardTo(EmulatedFunction webhook) {
        function = webhook;
    }

    /** The HTTP statuses answered so far, in order. */
    public List<Integer> answers() {
        return List.copyOf(answers);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            int status;
            byte[] answer;
            try {
                JsonNode response = JSON.readTree(function.invoke(event(exchange).toString()));
                status = response.path("statusCode").asInt();
                answer = response.path("body").asText().getBytes(StandardCharsets.UTF_8);
            } catch (Exception e) {
                status = 500;
                answer = new byte[0];
            }
            answers.add(status);
            exchange.sendResponseHeaders(status, answer.length == 0 ? -1 : answer.length);
            if (answer.length > 0) {
                exchange.getResponseBody().write(answer);
            }
        }
    }

    private ObjectNode event(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String[] parts = path.split("/");
        String query = exchange.getRequestURI().getRawQuery() == null ? "" : exchange.getRequestURI().getRawQuery();
        ObjectNode event = (ObjectNode) JSON.readTree(eventTemplate.toFile());
        event.put("rawPath", path);
        event.put("rawQueryString", query);
        ObjectNode pathParameters = event.putObject("pathParameters");
        pathParameters.put("renderId", parts.length > 2 ? parts[2] : "");
        pathParameters.put("index", parts.length > 3 ? parts[3] : "");
        ObjectNode queryParameters = event.putObject("queryStringParameters");
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                queryParameters.put(pair.substring(0, equals),
                        URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            }
        }
        ((ObjectNode) event.path("requestContext").path("http")).put("path", path);
        event.put("body", new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        return event;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
