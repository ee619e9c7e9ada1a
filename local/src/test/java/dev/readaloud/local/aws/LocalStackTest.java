package dev.readaloud.local.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Tag;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * LocalStack on the host, as the Lambda-runtime tier uses it: S3 with tagging and presigned URLs,
 * Secrets Manager, and nothing left running after close.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalStackTest {

    private static final String BUCKET = "readaloud-localstack-test";

    @TempDir
    static Path work;
    private static LocalStack localStack;

    @BeforeAll
    static void start() {
        localStack = LocalStack.start(TestLocalStack.installation(), work);
        try (S3Client s3 = localStack.s3()) {
            s3.createBucket(b -> b.bucket(BUCKET));
        }
    }

    @AfterAll
    static void stop() {
        localStack.close();
    }

    @Test
    @Order(1)
    void sdkClientsGivenOnlyAnIpEndpointUrl_usePathStyle_andAPresignedUrlDownloadsTheObject() throws Exception {
        byte[] wav = "RIFF....WAVEfmt ".getBytes(StandardCharsets.US_ASCII);
        // aws.endpointUrl is the system-property twin of AWS_ENDPOINT_URL: the SDK resolves both the same way.
        System.setProperty("aws.endpointUrl", localStack.endpoint().toString());
        URI url;
        try (S3Client s3 = S3Client.builder().region(LocalStack.REGION).credentialsProvider(localStack.credentials())
                     .httpClient(UrlConnectionHttpClient.create()).build();
             S3Presigner presigner = S3Presigner.builder().region(LocalStack.REGION)
                     .credentialsProvider(localStack.credentials()).build()) {
            s3.putObject(b -> b.bucket(BUCKET).key("renders/r/output.wav"), RequestBody.fromBytes(wav));
            url = presigner.presignGetObject(b -> b.signatureDuration(Duration.ofMinutes(5))
                    .getObjectRequest(g -> g.bucket(BUCKET).key("renders/r/output.wav"))).url().toURI();
        } finally {
            System.clearProperty("aws.endpointUrl");
        }

        assertThat(url.getHost()).isEqualTo("127.0.0.1");
        assertThat(url.getPath()).isEqualTo("/" + BUCKET + "/renders/r/output.wav");
        assertThat(url.getQuery()).contains("X-Amz-Algorithm=AWS4-HMAC-SHA256");
        HttpResponse<byte[]> download = HttpClient.newHttpClient().send(HttpRequest.newBuilder(url).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.body()).isEqualTo(wav);
    }

    @Test
    @Order(2)
    void s3_keepsObjectTags() {
        try (S3Client s3 = localStack.s3()) {
            s3.putObject(b -> b.bucket(BUCKET).key("renders/r/chunks/00000.wav").tagging("readaloud-retention=chunk"),
                    RequestBody.fromString("x"));

            List<Tag> tags = s3.getObjectTagging(b -> b.bucket(BUCKET).key("renders/r/chunks/00000.wav")).tagSet();

            assertThat(tags).containsExactly(Tag.builder().key("readaloud-retention").value("chunk").build());
        }
    }

    @Test
    @Order(3)
    void secretsManager_storesASecretUnderAnArnOfTheLocalAccount() {
        try (SecretsManagerClient secrets = localStack.secretsManager()) {
            String arn = secrets.createSecret(b -> b.name("readaloud/test-key").secretString("{\"apiKey\":\"k\"}")).arn();

            assertThat(arn).startsWith("arn:aws:secretsmanager:us-east-1:" + LocalStack.ACCOUNT_ID + ":secret:readaloud/test-key-");
            assertThat(secrets.getSecretValue(b -> b.secretId(arn)).secretString()).isEqualTo("{\"apiKey\":\"k\"}");
        }
    }

    @Test
    @Order(4)
    void close_stopsLocalStackAndEveryProcessItStarted() throws Exception {
        List<ProcessHandle> tree = localStack.processTree();
        assertThat(tree).isNotEmpty();

        localStack.close();

        assertThat(tree).noneMatch(ProcessHandle::isAlive);
        HttpRequest health = HttpRequest.newBuilder(localStack.endpoint().resolve("/_localstack/health"))
                .timeout(Duration.ofSeconds(2)).build();
        assertThat(TestLocalStack.answers(health)).isFalse();
    }
}
