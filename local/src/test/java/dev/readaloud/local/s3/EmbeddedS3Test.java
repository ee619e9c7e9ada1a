package dev.readaloud.local.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.S3Exception;

class EmbeddedS3Test {

    @TempDir
    Path data;

    @Test
    void embeddedS3_keepsObjectsAndUserMetadata() {
        try (EmbeddedS3 s3 = EmbeddedS3.start(null)) {
            s3.createBucket("test-bucket");
            s3.client().putObject(b -> b.bucket("test-bucket").key("renders/x/chunks/00000.wav").metadata(Map.of("text-sha256", "abc")),
                    RequestBody.fromString("hello"));

            assertThat(s3.client().getObjectAsBytes(b -> b.bucket("test-bucket").key("renders/x/chunks/00000.wav")).asUtf8String())
                    .isEqualTo("hello");
            assertThat(s3.client().headObject(b -> b.bucket("test-bucket").key("renders/x/chunks/00000.wav")).metadata())
                    .containsEntry("text-sha256", "abc");
        }
    }

    @Test
    void createBucket_rejectsANameS3WouldRefuse() {
        try (EmbeddedS3 s3 = EmbeddedS3.start(null)) {
            assertThatThrownBy(() -> s3.createBucket("b"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("got 'b'");
            assertThatThrownBy(() -> s3.createBucket("Renders_Bucket"))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void embeddedS3_rejectsRequestsSignedWithAnotherSecret() {
        try (EmbeddedS3 s3 = EmbeddedS3.start(null);
             S3Client forged = S3Client.builder()
                     .endpointOverride(s3.endpoint())
                     .region(EmbeddedS3.REGION)
                     .credentialsProvider(StaticCredentialsProvider.create(
                             AwsBasicCredentials.create(s3.accessKey(), "not-the-secret")))
                     .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                     .httpClient(UrlConnectionHttpClient.create())
                     .build()) {
            s3.createBucket("test-bucket");

            assertThatThrownBy(() -> forged.putObject(b -> b.bucket("test-bucket").key("k"), RequestBody.fromString("x")))
                    .isInstanceOf(S3Exception.class)
                    .satisfies(e -> assertThat(((S3Exception) e).statusCode()).isEqualTo(403));
        }
    }

    @Test
    void embeddedS3_presignedGetWorksWithoutCredentials() throws Exception {
        try (EmbeddedS3 s3 = EmbeddedS3.start(null)) {
            s3.createBucket("test-bucket");
            s3.client().putObject(b -> b.bucket("test-bucket").key("out.wav"), RequestBody.fromString("audio"));
            URI url = s3.presigner().presignGetObject(p -> p.signatureDuration(Duration.ofMinutes(5))
                    .getObjectRequest(g -> g.bucket("test-bucket").key("out.wav"))).url().toURI();

            HttpResponse<String> response = HttpClient.newHttpClient()
                    .send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> unsigned = HttpClient.newHttpClient()
                    .send(HttpRequest.newBuilder(URI.create(s3.endpoint() + "/test-bucket/out.wav")).build(),
                            HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("audio");
            assertThat(unsigned.statusCode()).isEqualTo(403);
        }
    }

    @Test
    void embeddedS3_withADataDirectory_keepsObjectsAcrossRestarts() {
        try (EmbeddedS3 s3 = EmbeddedS3.start(data)) {
            s3.createBucket("test-bucket");
            s3.client().putObject(b -> b.bucket("test-bucket").key("renders/x/result.json"), RequestBody.fromString("{}"));
        }
        try (EmbeddedS3 s3 = EmbeddedS3.start(data)) {
            s3.createBucket("test-bucket");
            assertThat(s3.client().getObjectAsBytes(b -> b.bucket("test-bucket").key("renders/x/result.json")).asUtf8String())
                    .isEqualTo("{}");
        }
    }

    /** S3 refuses a second create of one key (412); both stores must, also for writers racing. */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void embeddedS3_putIfNoneMatch_letsExactlyOneOfTwoRacingWritersCreateTheObject(boolean onDisk) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try (EmbeddedS3 s3 = EmbeddedS3.start(onDisk ? data : null)) {
            s3.createBucket("test-bucket");
            for (int round = 0; round < 50; round++) {
                String key = "renders/r" + round + "/request.json";
                CyclicBarrier together = new CyclicBarrier(2);
                List<Future<Integer>> writers = new ArrayList<>();
                for (String body : List.of("a", "b")) {
                    writers.add(threads.submit(() -> {
                        together.await();
                        try {
                            s3.client().putObject(b -> b.bucket("test-bucket").key(key).ifNoneMatch("*"),
                                    RequestBody.fromString(body));
                            return 200;
                        } catch (S3Exception e) {
                            return e.statusCode();
                        }
                    }));
                }
                List<Integer> codes = new ArrayList<>();
                for (Future<Integer> writer : writers) {
                    codes.add(writer.get(30, TimeUnit.SECONDS));
                }
                // Never two winners. Both can see 412: under load the SDK may not get the winner's
                // answer (an I/O error writing the body) and retries, and the retry finds the object.
                assertThat(codes).as("round %d", round).isSubsetOf(200, 412).contains(412);
                String stored = s3.client().getObjectAsBytes(b -> b.bucket("test-bucket").key(key)).asUtf8String();
                if (codes.contains(200)) {
                    assertThat(stored).as("round %d", round).isEqualTo(List.of("a", "b").get(codes.indexOf(200)));
                }
            }
        } finally {
            threads.shutdownNow();
        }
    }
}
