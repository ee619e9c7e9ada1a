package dev.readaloud.local.s3;

import dev.readaloud.render.S3Metering;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Pattern;
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
 * An S3 server in this JVM (S3Proxy on 127.0.0.1, a free port), checking AWS v2/v4 signatures
 * with a key pair made up at start. Objects live in a directory, or in memory when none is given.
 */
public final class EmbeddedS3 implements AutoCloseable {

    /** The region the clients sign for; S3Proxy accepts any. */
    public static final Region REGION = Region.US_EAST_1;

    private static final Pattern BUCKET_NAME = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

    private final S3Proxy proxy;
    private final BlobStore blobStore;
    private final URI endpoint;
    private final String accessKey;
    private final String secretKey;
    private S3Client client;
    private S3Presigner presigner;

    private EmbeddedS3(S3Proxy proxy, BlobStore blobStore, URI endpoint, String accessKey, String secretKey) {
        this.proxy = proxy;
        this.blobStore = blobStore;
        this.endpoint = endpoint;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
    }

    /**
     * Starts a server.
     *
     * @param dataDirectory where objects are kept across runs (created if missing), or null to keep them in memory
     * @throws IllegalStateException when the server cannot start
     */
    public static EmbeddedS3 start(Path dataDirectory) {
        String accessKey = "local-" + UUID.randomUUID().toString().substring(0, 8);
        String secretKey = UUID.randomUUID().toString();
        Properties properties = new Properties();
        properties.setProperty("jclouds.identity", accessKey);
        properties.setProperty("jclouds.credential", secretKey);
        BlobStore blobStore;
        if (dataDirectory == null) {
            blobStore = BlobStores.create("transient", properties);
        } else {
            try {
                Files.createDirectories(dataDirectory);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the S3 data directory " + dataDirectory, e);
            }
            properties.setProperty("jclouds.filesystem.basedir", dataDirectory.toAbsolutePath().toString());
            blobStore = BlobStores.create("filesystem", properties);
        }
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(blobStore)
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
                .build();
        try {
            proxy.start();
            // start() returns before Jetty listens on some paths; wait for the state to settle.
            while (!"STARTED".equals(proxy.getState())) {
                if ("FAILED".equals(proxy.getState())) {
                    throw new IllegalStateException("the embedded S3 server failed to start");
                }
                Thread.onSpinWait();
            }
        } catch (IllegalStateException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("the embedded S3 server failed to start: " + e.getMessage(), e);
        }
        URI endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
        return new EmbeddedS3(proxy, blobStore, endpoint, accessKey, secretKey);
    }

    /** The server's address, e.g. http://127.0.0.1:41234. */
    public URI endpoint() {
        return endpoint;
    }

    public String accessKey() {
        return accessKey;
    }

    public String secretKey() {
        return secretKey;
    }

    /**
     * Creates the bucket unless it exists.
     *
     * @throws IllegalArgumentException when {@code name} is not a valid S3 bucket name (the store would ignore it)
     */
    public void createBucket(String name) {
        if (name == null || !BUCKET_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("bucket name must be 3 to 63 lowercase letters, digits, dots or "
                    + "hyphens, starting and ending with a letter or digit, got '" + name + "'");
        }
        if (!blobStore.containerExists(name)) {
            blobStore.createContainer(name);
        }
    }

    /**
     * A client for this server: path-style, signed for {@link #REGION}, URLConnection HTTP, built as the functions
     * build theirs ({@link S3Metering}), so the handlers it is given count their requests. Closed with this server.
     */
    public synchronized S3Client client() {
        if (client == null) {
            client = S3Metering.localServerClientBuilder()
                    .endpointOverride(endpoint)
                    .region(REGION)
                    .credentialsProvider(credentials())
                    .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                    .httpClient(UrlConnectionHttpClient.create())
                    .build();
        }
        return client;
    }

    /** A presigner whose URLs this server accepts. Closed with this server. */
    public synchronized S3Presigner presigner() {
        if (presigner == null) {
            presigner = S3Presigner.builder()
                    .endpointOverride(endpoint)
                    .region(REGION)
                    .credentialsProvider(credentials())
                    .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                    .build();
        }
        return presigner;
    }

    private StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey));
    }

    @Override
    public synchronized void close() {
        if (client != null) {
            client.close();
        }
        if (presigner != null) {
            presigner.close();
        }
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new IllegalStateException("the embedded S3 server did not stop: " + e.getMessage(), e);
        }
    }
}
