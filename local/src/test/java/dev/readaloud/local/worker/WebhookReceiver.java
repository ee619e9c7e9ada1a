package dev.readaloud.local.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A webhook receiver on 127.0.0.1 for tests: answers each POST with the next status of its plan (the
 * last one repeats) and records what arrived. Given the worker's status URL, it asks /status for the
 * job the moment its webhook arrives, as a receiver that fetches the result would.
 */
final class WebhookReceiver implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** One POST received, and what /status answered for its job right then (null when not asked). */
    record Delivery(String method, String query, String contentType, JsonNode body, Integer statusCode,
                    JsonNode statusBody) {
    }

    private final HttpServer server;
    private final List<Integer> answers;
    private final URI statusBase;
    private final AtomicInteger received = new AtomicInteger();
    private final BlockingQueue<Delivery> deliveries = new LinkedBlockingQueue<>();

    /**
     * @param statusBase {@code .../v2/{endpointId}/status}, or null not to ask /status
     * @param answers    the HTTP status of each answer in turn; the last one repeats
     */
    WebhookReceiver(URI statusBase, Integer... answers) throws IOException {
        this.statusBase = statusBase;
        this.answers = List.of(answers);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/", this::handle);
        server.start();
    }

    /** The receiver's URL for {@code path?query}. */
    String url(String pathAndQuery) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + pathAndQuery;
    }

    /** The next POST received, waiting up to 10 s for it. */
    Delivery next() throws InterruptedException {
        Delivery delivery = deliveries.poll(10, TimeUnit.SECONDS);
        if (delivery == null) {
            throw new AssertionError("no webhook arrived within 10 s");
        }
        return delivery;
    }

    /** POSTs received so far. */
    int received() {
        return received.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            JsonNode body = JSON.readTree(in.readAllBytes());
            Integer statusCode = null;
            JsonNode statusBody = null;
            if (statusBase != null) {
                URI statusUri = URI.create(statusBase + "/" + body.path("id").asText());
                HttpResponse<String> status = HTTP.send(HttpRequest.newBuilder(statusUri).build(),
                        HttpResponse.BodyHandlers.ofString());
                statusCode = status.statusCode();
                statusBody = status.statusCode() == 200 ? JSON.readTree(status.body()) : null;
            }
            int n = received.getAndIncrement();
            deliveries.add(new Delivery(exchange.getRequestMethod(), exchange.getRequestURI().getRawQuery(),
                    exchange.getRequestHeaders().getFirst("Content-Type"), body, statusCode, statusBody));
            exchange.sendResponseHeaders(answers.get(Math.min(n, answers.size() - 1)), -1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while asking /status", e);
        }
    }
}
