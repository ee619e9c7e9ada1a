package dev.readaloud.lambda;

import dev.readaloud.render.S3Metering;
import java.net.URI;
import java.util.Properties;
import java.util.UUID;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * An in-memory S3 (S3Proxy on 127.0.0.1, a free port) that checks v2/v4 signatures against a key
 * pair, so the handlers' tests run against a real S3 protocol without the local module. Its client is built
 * as the functions build theirs ({@link S3Metering}), so it counts requests into invocation meters.
 */
public final class TestS3 implements AutoCloseable {

    static final Region REGION = Region.US_EAST_1;

    private final S3Proxy proxy;
    private final BlobStore blobStore;
    private final URI endpoint;
    private final AwsBasicCredentials credentials;
    private final S3Client client;
    private final S3Presigner presigner;

    private TestS3(S3Proxy proxy, BlobStore blobStore, AwsBasicCredentials credentials) {
        this.proxy = proxy;
        this.blobStore = blobStore;
        this.endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
        this.credentials = credentials;
        S3Configuration pathStyle = S3Configuration.builder().pathStyleAccessEnabled(true).build();
        this.client = S3Metering.localServerClientBuilder().endpointOverride(endpoint).region(REGION)
                .credentialsProvider(StaticCredentialsProvider.create(credentials))
                .serviceConfiguration(pathStyle).httpClient(UrlConnectionHttpClient.create()).build();
        this.presigner = S3Presigner.builder().endpointOverride(endpoint).region(REGION)
                .credentialsProvider(StaticCredentialsProvider.create(credentials))
                .serviceConfiguration(pathStyle).build();
    }

    /** Starts a server that accepts requests signed with a key pair made up here. */
    public static TestS3 start() {
        return start("test-" + UUID.randomUUID().toString().substring(0, 8), UUID.randomUUID().toString(), false);
    }

    /**
     * Starts a server that accepts only requests signed with this key pair, also with a session token:
     * S3Proxy answers 501 to the x-amz-security-token header (it knows no session credentials) unless
     * told to ignore headers it does not know. The token is still covered by the request's signature.
     */
    static TestS3 startForSessionCredentials(String accessKey, String secretKey) {
        return start(accessKey, secretKey, true);
    }

    private static TestS3 start(String accessKey, String secretKey, boolean ignoreUnknownHeaders) {
        Properties properties = new Properties();
        properties.setProperty("jclouds.identity", accessKey);
        properties.setProperty("jclouds.credential", secretKey);
        BlobStore blobStore = BlobStores.create("transient", properties);
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(blobStore)
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
                .ignoreUnknownHeaders(ignoreUnknownHeaders)
                .build();
        try {
            proxy.start();
            // start() can return before Jetty listens.
            while (!"STARTED".equals(proxy.getState())) {
                if ("FAILED".equals(proxy.getState())) {
                    throw new IllegalStateException("S3Proxy failed to start");
                }
                Thread.onSpinWait();
            }
        } catch (IllegalStateException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("S3Proxy failed to start", e);
        }
        return new TestS3(proxy, blobStore, AwsBasicCredentials.create(accessKey, secretKey));
    }

    URI endpoint() {
        return endpoint;
    }

    AwsBasicCredentials credentials() {
        return credentials;
    }

    public void createBucket(String name) {
        blobStore.createContainer(name);
    }

    /** A path-style client signed with the server's key pair. */
    public S3Client client() {
        return client;
    }

    S3Presigner presigner() {
        return presigner;
    }

    @Override
    public void close() {
        client.close();
        presigner.close();
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new IllegalStateException("S3Proxy did not stop", e);
        }
    }
}
