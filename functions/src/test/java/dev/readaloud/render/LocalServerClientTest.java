package dev.readaloud.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

/**
 * Why the local S3 clients try a request up to eight times: the JDK keeps idle connections per host and
 * port, and an S3 server started on the port of a stopped one inherits them dead ("Error writing request
 * body to server"), one per request that was in flight at once, up to five. Tests start and stop S3Proxy
 * many times in one JVM, and the operating system hands out ports again.
 */
class LocalServerClientTest {

    private static final String BUCKET = "bucket1";
    private static final int AT_ONCE = 5;

    @Test
    void aServerReplacedOnTheSamePort_answersTheNextRequest_afterTheDeadConnectionsAreUsedUp() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        S3Proxy first = start(port);
        S3Client client = S3Metering.localServerClientBuilder()
                .endpointOverride(URI.create("http://127.0.0.1:" + port)).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("k", "s")))
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .httpClient(UrlConnectionHttpClient.create()).build();
        // Several requests at once leave several idle connections in the JDK's cache.
        try (ExecutorService threads = Executors.newFixedThreadPool(AT_ONCE)) {
            List<Future<?>> puts = new ArrayList<>();
            for (int i = 0; i < AT_ONCE; i++) {
                String key = "k" + i;
                puts.add(threads.submit(() -> client.putObject(b -> b.bucket(BUCKET).key(key),
                        RequestBody.fromString("x".repeat(50_000)))));
            }
            for (Future<?> put : puts) {
                put.get();
            }
        }
        first.stop();
        S3Proxy second = start(port);
        try {
            client.putObject(b -> b.bucket(BUCKET).key("after"), RequestBody.fromString("y".repeat(50_000)));

            assertThat(client.getObjectAsBytes(b -> b.bucket(BUCKET).key("after")).asUtf8String())
                    .isEqualTo("y".repeat(50_000));
        } finally {
            second.stop();
            client.close();
        }
    }

    private static S3Proxy start(int port) throws Exception {
        Properties properties = new Properties();
        properties.setProperty("jclouds.identity", "k");
        properties.setProperty("jclouds.credential", "s");
        BlobStore store = BlobStores.create("transient", properties);
        store.createContainer(BUCKET);
        S3Proxy proxy = S3Proxy.builder().blobStore(store).endpoint(URI.create("http://127.0.0.1:" + port))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, "k", "s").build();
        proxy.start();
        while (!"STARTED".equals(proxy.getState())) {
            if ("FAILED".equals(proxy.getState())) {
                throw new IllegalStateException("S3Proxy failed to start on port " + port);
            }
            Thread.onSpinWait();
        }
        return proxy;
    }
}
