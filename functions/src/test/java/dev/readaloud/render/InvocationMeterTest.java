package dev.readaloud.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.readaloud.lambda.TestS3;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The invocation meter: its duration on the clock it is given, and the S3 requests the metered client makes on
 * each invocation's own thread, against the embedded S3 server (S3Proxy) the handlers' tests use.
 */
class InvocationMeterTest {

    private static final String BUCKET = "meter-test";

    private static TestS3 s3;

    @BeforeAll
    static void startS3() {
        s3 = TestS3.start();
        s3.createBucket(BUCKET);
    }

    @AfterAll
    static void stopS3() {
        s3.close();
    }

    @Test
    void spentSoFar_isOneInvocation_itsDurationRoundedUpToWholeMillis_timesTheMemory() {
        AtomicLong nanos = new AtomicLong(5_000_000_000L);
        try (InvocationMeter meter = InvocationMeter.start(512, 1, nanos::get)) {
            // No time yet: Lambda bills at least 1 ms.
            assertThat(meter.spentSoFar()).isEqualTo(new Spend(1, 1, 512, 0, 0, 0, 1, 0, 0));

            nanos.addAndGet(2_000_001);
            assertThat(meter.spentSoFar()).isEqualTo(new Spend(1, 3, 3 * 512, 0, 0, 0, 1, 0, 0));

            nanos.addAndGet(998_999);
            assertThat(meter.spentSoFar().lambdaMillis()).isEqualTo(3);
        }
    }

    @Test
    void anInvocationThatIsNoState_countsNoStateTransition() {
        try (InvocationMeter meter = InvocationMeter.start(256, 0, System::nanoTime)) {
            assertThat(meter.spentSoFar().stateTransitions()).isZero();
            assertThat(meter.spentSoFar().invocations()).isEqualTo(1);
        }
        assertThatThrownBy(() -> InvocationMeter.start(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("memoryMb");
    }

    @Test
    void twoInvocationsOnTwoThreads_sharingOneClient_eachCountOnlyTheirOwnS3Requests() throws Exception {
        S3Client client = s3.client();
        client.putObject(b -> b.bucket(BUCKET).key("shared"), RequestBody.fromString("x"));
        // One invocation only writes (PUT, LIST), the other only reads (GET, HEAD) and deletes (free); they make
        // their requests in lockstep, one each between two barriers, so the requests overlap.
        CyclicBarrier lockstep = new CyclicBarrier(2);
        List<Runnable> writer = List.of(
                () -> client.putObject(b -> b.bucket(BUCKET).key("a1"), RequestBody.fromString("a")),
                () -> client.listObjectsV2(b -> b.bucket(BUCKET).prefix("a")),
                () -> client.putObject(b -> b.bucket(BUCKET).key("a2"), RequestBody.fromString("a")),
                () -> client.putObject(b -> b.bucket(BUCKET).key("a3"), RequestBody.fromString("a")));
        List<Runnable> reader = List.of(
                () -> client.headObject(b -> b.bucket(BUCKET).key("shared")),
                () -> client.getObjectAsBytes(b -> b.bucket(BUCKET).key("shared")),
                () -> client.deleteObject(b -> b.bucket(BUCKET).key("nothing")),
                () -> client.headObject(b -> b.bucket(BUCKET).key("shared")));
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Future<Spend> writes = threads.submit(() -> invocation(writer, lockstep));
            Future<Spend> reads = threads.submit(() -> invocation(reader, lockstep));

            // Not one request counted into the other thread's meter. A request may count more than once: S3 bills
            // each attempt, and the SDK retries, at most 4 attempts (a stale pooled connection now and then).
            assertThat(writes.get().s3ReadRequests()).isZero();
            assertThat(writes.get().s3WriteRequests()).isBetween(4L, 4L * 4);
            assertThat(reads.get().s3WriteRequests()).isZero();
            assertThat(reads.get().s3ReadRequests()).isBetween(3L, 3L * 4);
        } finally {
            threads.shutdownNow();
        }
    }

    private static Spend invocation(List<Runnable> requests, CyclicBarrier lockstep) throws Exception {
        try (InvocationMeter meter = InvocationMeter.start(512)) {
            for (Runnable request : requests) {
                lockstep.await();
                request.run();
            }
            return meter.spentSoFar();
        }
    }

    @Test
    void requestsOutsideAMeter_orAfterItClosed_countNowhere() {
        S3Client client = s3.client();
        InvocationMeter meter = InvocationMeter.start(512);
        client.headBucket(b -> b.bucket(BUCKET));
        meter.close();
        client.headBucket(b -> b.bucket(BUCKET));

        assertThat(meter.spentSoFar().s3ReadRequests()).isEqualTo(1);
        try (InvocationMeter next = InvocationMeter.start(512)) {
            assertThat(next.spentSoFar().s3Requests()).isZero();
        }
    }

    @Test
    void everyAttemptIsCounted_retriesIncluded() throws Exception {
        // An S3 that answers every request 503 Slow Down, which the SDK retries.
        AtomicInteger received = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            received.incrementAndGet();
            exchange.getResponseHeaders().add("Content-Type", "application/xml");
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        server.start();
        try (S3Client client = S3Metering.clientBuilder()
                .endpointOverride(URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
                .region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("k", "s")))
                .httpClient(UrlConnectionHttpClient.create()).build();
             InvocationMeter meter = InvocationMeter.start(512)) {
            assertThatThrownBy(() -> client.headObject(b -> b.bucket(BUCKET).key("k")))
                    .isInstanceOf(S3Exception.class);

            assertThat(received.get()).isGreaterThan(1);
            assertThat(meter.spentSoFar().s3ReadRequests()).isEqualTo(received.get());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void priceClass_followsS3sPriceList() {
        List<String> writes = new ArrayList<>();
        List<String> reads = new ArrayList<>();
        List<String> free = new ArrayList<>();
        for (String operation : List.of("PutObject", "CopyObject", "CreateMultipartUpload", "UploadPart",
                "UploadPartCopy", "CompleteMultipartUpload", "ListObjectsV2", "ListParts", "GetObject", "HeadObject",
                "HeadBucket", "GetObjectTagging", "DeleteObject", "DeleteObjects", "AbortMultipartUpload")) {
            switch (S3Metering.priceClass(operation)) {
                case WRITE -> writes.add(operation);
                case READ -> reads.add(operation);
                case FREE -> free.add(operation);
            }
        }

        assertThat(writes).containsExactly("PutObject", "CopyObject", "CreateMultipartUpload", "UploadPart",
                "UploadPartCopy", "CompleteMultipartUpload", "ListObjectsV2", "ListParts");
        assertThat(reads).containsExactly("GetObject", "HeadObject", "HeadBucket", "GetObjectTagging");
        assertThat(free).containsExactly("DeleteObject", "DeleteObjects", "AbortMultipartUpload");
    }
}
