package dev.readaloud.local.lambda;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The credentials endpoint a SnapStart function gets instead of key variables: Lambda gives such a
 * function {@code AWS_CONTAINER_CREDENTIALS_FULL_URI} and {@code AWS_CONTAINER_AUTHORIZATION_TOKEN}
 * (no AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY or AWS_SESSION_TOKEN), so credentials are fetched after
 * restore and never frozen into a snapshot. Code that pins environment-variable credentials fails
 * here as it does on AWS.
 *
 * <p>Serves {@code GET /2021-04-23/credentials} on 127.0.0.1 with the container-credentials JSON
 * {@code {AccessKeyId, SecretAccessKey, Token, Expiration}}, only to a request whose Authorization
 * header is the token; anything else is refused. Counts the credentials it hands out.
 */
public final class ContainerCredentialsServer implements AutoCloseable {

    static final String PATH = "/2021-04-23/credentials";

    /** How long handed-out credentials claim to be valid; SDKs refresh before this. */
    private static final Duration VALIDITY = Duration.ofHours(1);

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final HttpServer server;
    private final AwsEndpoint aws;
    private final String token = UUID.randomUUID().toString();
    private final AtomicInteger served = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();

    private ContainerCredentialsServer(AwsEndpoint aws) throws IOException {
        this.aws = Objects.requireNonNull(aws, "aws");
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/", this::handle);
        server.setExecutor(null);
    }

    /** Starts serving {@code aws}'s credentials on a free loopback port. */
    public static ContainerCredentialsServer start(AwsEndpoint aws) throws IOException {
        ContainerCredentialsServer credentials = new ContainerCredentialsServer(aws);
        credentials.server.start();
        return credentials;
    }

    /** The value of AWS_CONTAINER_CREDENTIALS_FULL_URI. */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + PATH);
    }

    /** The value of AWS_CONTAINER_AUTHORIZATION_TOKEN. */
    public String token() {
        return token;
    }

    /** How many times credentials were handed out. */
    public int requestCount() {
        return served.get();
    }

    /** How many requests were refused (wrong path, method or token). */
    public int refusedCount() {
        return refused.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("GET") || !exchange.getRequestURI().getPath().equals(PATH)) {
                refuse(exchange, 404, "no such resource");
                return;
            }
            if (!token.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                refuse(exchange, 403, "the Authorization header is not the container authorization token");
                return;
            }
            ObjectNode body = MAPPER.createObjectNode();
            body.put("AccessKeyId", aws.accessKeyId());
            body.put("SecretAccessKey", aws.secretAccessKey());
            if (aws.sessionToken() != null) {
                body.put("Token", aws.sessionToken());
            }
            body.put("Expiration", Instant.now().plus(VALIDITY).toString());
            served.incrementAndGet();
            send(exchange, 200, MAPPER.writeValueAsBytes(body));
        }
    }

    private void refuse(HttpExchange exchange, int status, String message) throws IOException {
        refused.incrementAndGet();
        send(exchange, status, ("{\"message\":\"" + message + "\"}").getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
