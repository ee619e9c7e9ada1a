package dev.readaloud.local.lambda;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Runtime API as a SnapStart function sees it: everything is passed through to the Runtime
 * Interface Emulator's Runtime API, except {@code GET /runtime/restore/next}, which the emulator does
 * not serve (without --enable-init-caching) and which is answered here at once: "restored now".
 *
 * <p>With AWS_LAMBDA_INITIALIZATION_TYPE=snap-start the runtime interface client then runs the SnapStart
 * lifecycle as on AWS: the handler's constructor, {@code beforeCheckpoint} of every registered
 * resource, {@code /runtime/restore/next}, {@code afterRestore}, then invocations. No JVM snapshot is
 * taken (none can be here): the same process goes on, so the hooks run in the right order and a failing
 * hook fails the function, but state that survives a real restore by being re-created is not tested for
 * uniqueness across environments.
 */
final class SnapStartRuntimeApi implements AutoCloseable {

    private static final String RESTORE_NEXT = "/runtime/restore/next";
    private static final String RESTORE_ERROR = "/runtime/restore/error";

    /** Headers java.net.http sets itself and refuses from callers. */
    private static final Set<String> RESTRICTED = Set.of("connection", "content-length", "expect", "host", "upgrade");

    private final HttpServer server;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final URI upstream;
    private final AtomicInteger restores = new AtomicInteger();
    private final AtomicInteger restoreErrors = new AtomicInteger();

    private SnapStartRuntimeApi(URI upstream) throws IOException {
        this.upstream = upstream;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.createContext("/", this::handle);
        server.setExecutor(threads);
    }

    /** Serves on a free loopback port, in front of the emulator's Runtime API at {@code host:port}. */
    static SnapStartRuntimeApi start(String upstreamHostAndPort) throws IOException {
        SnapStartRuntimeApi api = new SnapStartRuntimeApi(URI.create("http://" + upstreamHostAndPort));
        api.server.start();
        return api;
    }

    /** The value of AWS_LAMBDA_RUNTIME_API for the runtime. */
    String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** How often the runtime asked to be restored (once per runtime start). */
    int restores() {
        return restores.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (path.endsWith(RESTORE_NEXT)) {
                restores.incrementAndGet();
                exchange.sendResponseHeaders(200, -1);
                return;
            }
            if (path.endsWith(RESTORE_ERROR)) {
                // The runtime exits right after reporting; the emulator reports that as the invocation's failure.
                restoreErrors.incrementAndGet();
                exchange.sendResponseHeaders(202, -1);
                return;
            }
            forward(exchange);
        }
    }

    private void forward(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(upstream.resolve(exchange.getRequestURI().toString()))
                .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
            if (!RESTRICTED.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                header.getValue().forEach(value -> request.header(header.getKey(), value));
            }
        }
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.sendResponseHeaders(502, -1);
            return;
        } catch (IOException e) {
            exchange.sendResponseHeaders(502, -1);
            return;
        }
        response.headers().map().forEach((name, values) -> {
            if (!RESTRICTED.contains(name.toLowerCase(Locale.ROOT)) && !name.equalsIgnoreCase("transfer-encoding")
                    && !name.equalsIgnoreCase("date")) {
                exchange.getResponseHeaders().put(name, values);
            }
        });
        byte[] answer = response.body();
        exchange.sendResponseHeaders(response.statusCode(), answer.length == 0 ? -1 : answer.length);
        if (answer.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
        http.close();
    }
}
