package dev.readaloud.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** How the store reports S3's failures: passing ones under the one name the state machine retries. */
class RenderStoreTest {

    private static final String ID = "0123456789abcdef0123456789abcdef";

    /** The status and S3 error code the fake S3 answers every request with. */
    private final AtomicReference<Map.Entry<Integer, String>> answer = new AtomicReference<>();
    private HttpServer server;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        server.createContext("/", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                byte[] body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + answer.get().getValue()
                        + "</Code><Message>test</Message><RequestId>1</RequestId></Error>")
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/xml");
                boolean head = exchange.getRequestMethod().equals("HEAD");
                exchange.sendResponseHeaders(answer.get().getKey(), head ? -1 : body.length);
                if (!head) {
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(body);
                    }
                }
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @ParameterizedTest
    @CsvSource({"503, SlowDown", "500, InternalError", "503, ServiceUnavailable", "400, RequestTimeout"})
    void s3PassingFailure_surfacesAsStorageUnavailable(int status, String code) {
        answer.set(Map.entry(status, code));
        RenderStore store = new RenderStore(client(URI.create("http://127.0.0.1:" + server.getAddress().getPort())),
                "renders", false);

        assertThatThrownBy(() -> store.readJson(RenderStore.planKey(ID), PlanDocument.class))
                .isExactlyInstanceOf(StorageUnavailableException.class)
                .hasMessageContaining("GetObject of s3://renders/renders/" + ID + "/plan.json")
                .hasMessageContaining(String.valueOf(status));
        assertThatThrownBy(() -> store.writeJson(RenderStore.resultKey(ID), Map.of("renderId", ID)))
                .isExactlyInstanceOf(StorageUnavailableException.class);
        if (status >= 500) {
            // HEAD answers carry no body, so only the status tells (a 400 RequestTimeout cannot be told apart).
            assertThatThrownBy(() -> store.exists(RenderStore.chunkKey(ID, 0)))
                    .isExactlyInstanceOf(StorageUnavailableException.class);
        }
        // Java Lambda handlers report the exception's class name as the error the state machine matches.
        assertThat(StorageUnavailableException.class.getName())
                .isEqualTo("dev.readaloud.render.StorageUnavailableException");
    }

    @Test
    void s3Unreachable_surfacesAsStorageUnavailable() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        RenderStore store = new RenderStore(client(URI.create("http://127.0.0.1:" + closedPort)), "renders", false);

        assertThatThrownBy(() -> store.read(RenderStore.requestKey(ID)))
                .isExactlyInstanceOf(StorageUnavailableException.class)
                .hasMessageContaining("could not reach S3");
    }

    @ParameterizedTest
    @CsvSource({"403, AccessDenied", "404, NoSuchBucket", "501, NotImplemented"})
    void s3PermanentFailure_keepsItsOwnType(int status, String code) {
        answer.set(Map.entry(status, code));
        RenderStore store = new RenderStore(client(URI.create("http://127.0.0.1:" + server.getAddress().getPort())),
                "renders", false);

        assertThatThrownBy(() -> store.writeJson(RenderStore.resultKey(ID), Map.of("renderId", ID)))
                .isInstanceOf(S3Exception.class)
                .satisfies(e -> assertThat(((S3Exception) e).statusCode()).isEqualTo(status));
    }

    /** No SDK retries, so each case costs one request. */
    private static S3Client client(URI endpoint) {
        return S3Client.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }
}
