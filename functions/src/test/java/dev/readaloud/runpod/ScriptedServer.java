package dev.readaloud.runpod;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;

/**
 * A deliberately scriptable (and breakable) RunPod stand-in: each route answers the replies queued
 * for it in order, repeating the last one; every request is recorded. Public for the handler tests,
 * which script RunPod with it too.
 */
public final class ScriptedServer implements AutoCloseable {

    public record Reply(int code, byte[] body, Map<String, String> headers) {
        public static Reply json(int code, String body) {
            return new Reply(code, body.getBytes(StandardCharsets.UTF_8), Map.of("Content-Type", "application/json"));
        }
    }

    public record Seen(String method, String path, String query, String authorization, String body) {
    }

    private final HttpServer server;
    private final Map<String, Deque<Reply>> replies = new ConcurrentHashMap<>();
    public final List<Seen> seen = new CopyOnWriteArrayList<>();

    private ScriptedServer(HttpServer server) {
        this.server = server;
        server.createContext("/", this::handle);
        server.start();
    }

    public static ScriptedServer http() throws IOException {
        return new ScriptedServer(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16));
    }

    static ScriptedServer https(SSLContext context) throws IOException {
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.setHttpsConfigurator(new HttpsConfigurator(context));
        return new ScriptedServer(server);
    }

    /** Queues replies for a path, or a path and what follows a '/', such as {@code /v2/ep/status}. */
    public ScriptedServer on(String pathPrefix, Reply... answers) {
        replies.computeIfAbsent(pathPrefix, p -> new ArrayDeque<>()).addAll(List.of(answers));
        return this;
    }

    public URI url(String path) {
        String scheme = server instanceof HttpsServer ? "https" : "http";
        return URI.create(scheme + "://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    public long count(String pathPrefix) {
        return seen.stream().filter(s -> s.path().startsWith(pathPrefix)).count();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            seen.add(new Seen(exchange.getRequestMethod(), path, exchange.getRequestURI().getRawQuery(),
                    exchange.getRequestHeaders().getFirst("Authorization"), body));
            Reply reply = null;
            for (Map.Entry<String, Deque<Reply>> entry : replies.entrySet()) {
                if (path.equals(entry.getKey()) || path.startsWith(entry.getKey() + "/")) {
                    Deque<Reply> queue = entry.getValue();
                    synchronized (queue) {
                        reply = queue.size() > 1 ? queue.poll() : queue.peek();
                    }
                }
            }
            if (reply == null) {
                reply = Reply.json(404, "{\"error\":\"not scripted\"}");
            }
            reply.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
            exchange.sendResponseHeaders(reply.code(), reply.body().length == 0 ? -1 : reply.body().length);
            if (reply.body().length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(reply.body());
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
