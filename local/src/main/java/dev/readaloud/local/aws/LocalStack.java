package dev.readaloud.local.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.readaloud.render.S3Metering;
import dev.readaloud.local.process.ProcessTree;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * LocalStack 4.14 (S3, Secrets Manager, STS) run on this host as a Python process, without Docker:
 * {@code python -m localstack.runtime.main} listening on 127.0.0.1 at a free port, persistence off,
 * every file it writes under a directory of ours. {@link #close()} (or, failing that, a shutdown hook)
 * stops it and every process it started.
 */
public final class LocalStack implements AutoCloseable {

    /** The region everything is created in and signed for. */
    public static final Region REGION = Region.US_EAST_1;
    /** LocalStack's account for any access key that is not a 12-digit number. */
    public static final String ACCOUNT_ID = "000000000000";
    /** The services started; Secrets Manager also brings up KMS and Lambda, which it depends on. */
    static final List<String> SERVICES = List.of("s3", "secretsmanager", "sts");

    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Process process;
    private final URI endpoint;
    private final Path log;
    private final Thread shutdownHook;
    private final Duration startup;

    private LocalStack(Process process, URI endpoint, Path log, Thread shutdownHook, Duration startup) {
        this.process = process;
        this.endpoint = endpoint;
        this.log = log;
        this.shutdownHook = shutdownHook;
        this.startup = startup;
    }

    /**
     * Starts LocalStack and waits until its health endpoint reports every service running.
     *
     * @param workDirectory LocalStack's filesystem root (state, tmp, cache, logs) and its log file
     *                      {@code localstack.log}; created if missing
     * @throws LocalStackException when it exits early or is not healthy within 3 minutes (the
     *                             message ends with the last lines of its log)
     */
    public static LocalStack start(LocalStackInstallation installation, Path workDirectory) {
        long started = System.nanoTime();
        Path root = workDirectory.toAbsolutePath().resolve("filesystem");
        Path log = workDirectory.toAbsolutePath().resolve("localstack.log");
        int port = freePort();
        Process process;
        try {
            prepareFilesystem(installation, root);
            ProcessBuilder builder = new ProcessBuilder(installation.python().toString(), "-m", "localstack.runtime.main")
                    .directory(workDirectory.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().clear();
            builder.environment().putAll(environment(root, port));
            process = builder.start();
        } catch (IOException e) {
            throw new LocalStackException("cannot start LocalStack (" + installation.python() + "): " + e.getMessage(), e);
        }
        Thread hook = new Thread(() -> ProcessTree.stop(process, STOP_GRACE), "localstack-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        URI endpoint = URI.create("http://127.0.0.1:" + port);
        try {
            awaitHealthy(process, endpoint, log);
        } catch (RuntimeException e) {
            stop(process, hook);
            throw e;
        }
        return new LocalStack(process, endpoint, log, hook, Duration.ofNanos(System.nanoTime() - started));
    }

    /**
     * The environment LocalStack runs with, and nothing inherited: AWS variables of the caller (an
     * endpoint, credentials) must not leak into it.
     */
    static Map<String, String> environment(Path root, int port) {
        String path = System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        String home = System.getenv().getOrDefault("HOME", root.toString());
        return Map.ofEntries(
                Map.entry("PATH", path),
                Map.entry("HOME", home),
                Map.entry("LANG", "C.UTF-8"),
                Map.entry("GATEWAY_LISTEN", "127.0.0.1:" + port),
                // The host name in the URLs LocalStack hands out (e.g. a queue URL) must be this one.
                Map.entry("LOCALSTACK_HOST", "127.0.0.1:" + port),
                Map.entry("SERVICES", String.join(",", SERVICES)),
                // Services load at start, so "running" on the health endpoint means ready to answer.
                Map.entry("EAGER_SERVICE_LOADING", "1"),
                Map.entry("PERSISTENCE", "0"),
                // These machines have a /.dockerenv: LocalStack would think it runs in its own container
                // and keep its state in /var/lib/localstack and /tmp/localstack, shared by every instance.
                Map.entry("OVERRIDE_IN_DOCKER", "0"),
                Map.entry("FILESYSTEM_ROOT", root.toString()),
                // No analytics events, no DNS server on port 53, no certificate download: nothing
                // leaves the machine, and start-up does not wait on the network.
                Map.entry("DISABLE_EVENTS", "1"),
                Map.entry("DNS_ADDRESS", "0"),
                Map.entry("SKIP_SSL_CERT_DOWNLOAD", "1"));
    }

    /** {@code http://127.0.0.1:PORT}: the value for AWS_ENDPOINT_URL. */
    public URI endpoint() {
        return endpoint;
    }

    /** From start to healthy. */
    public Duration startup() {
        return startup;
    }

    /** Where LocalStack's output goes. */
    public Path log() {
        return log;
    }

    /** Credentials for setting things up (LocalStack accepts any and does not check signatures). */
    public StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
    }

    /**
     * A new S3 client for this LocalStack (path-style addressing: the endpoint is an IP address), built as the
     * functions build theirs ({@link S3Metering}): the API handlers of the Lambda-runtime tier get it.
     */
    public S3Client s3() {
        return S3Metering.clientBuilder().endpointOverride(endpoint).region(REGION).credentialsProvider(credentials())
                .httpClient(UrlConnectionHttpClient.create()).forcePathStyle(true).build();
    }

    /** A new presigner for this LocalStack's S3 (path-style URLs on 127.0.0.1). */
    public S3Presigner presigner() {
        return S3Presigner.builder().endpointOverride(endpoint).region(REGION).credentialsProvider(credentials())
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build()).build();
    }

    /** A new Secrets Manager client for this LocalStack. */
    public SecretsManagerClient secretsManager() {
        return SecretsManagerClient.builder().endpointOverride(endpoint).region(REGION).credentialsProvider(credentials())
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    /** The LocalStack process and every process it started, as they are now. */
    List<ProcessHandle> processTree() {
        return Stream.concat(Stream.of(process.toHandle()), process.descendants()).toList();
    }

    /** Stops LocalStack and every process it started. */
    @Override
    public void close() {
        stop(process, shutdownHook);
    }

    private static void stop(Process process, Thread shutdownHook) {
        ProcessTree.stop(process, STOP_GRACE);
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down; the hook runs (harmlessly) after this.
        }
    }

    private static void prepareFilesystem(LocalStackInstallation installation, Path root) throws IOException {
        Path staticLibs = Files.createDirectories(root.resolve("usr/lib/localstack"));
        if (installation.serviceCatalog() != null) {
            Files.copy(installation.serviceCatalog(), staticLibs.resolve(installation.serviceCatalog().getFileName()),
                    StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port for LocalStack", e);
        }
    }

    private static void awaitHealthy(Process process, URI endpoint, Path log) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest health = HttpRequest.newBuilder(endpoint.resolve("/_localstack/health"))
                .timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        String lastState = "no answer";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new LocalStackException("LocalStack exited with " + process.exitValue() + " while starting"
                        + LogTail.of(log));
            }
            try {
                HttpResponse<String> response = http.send(health, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    lastState = servicesState(response.body());
                    if (lastState.isEmpty()) {
                        return;
                    }
                }
            } catch (ConnectException e) {
                // Not listening yet.
            } catch (IOException e) {
                lastState = e.getClass().getSimpleName();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LocalStackException("interrupted while waiting for LocalStack", e);
            }
            sleep(Duration.ofMillis(200));
        }
        throw new LocalStackException("LocalStack was not healthy within " + START_TIMEOUT.toSeconds() + " s ("
                + lastState + ")" + LogTail.of(log));
    }

    /** The services not yet running, as "s3=initialized ..."; empty when all are. */
    private static String servicesState(String healthJson) throws IOException {
        JsonNode services = MAPPER.readTree(healthJson).path("services");
        StringBuilder pending = new StringBuilder();
        for (String service : SERVICES) {
            String state = services.path(service).asText("missing");
            if (!"running".equals(state) && !"available".equals(state)) {
                pending.append(pending.isEmpty() ? "" : " ").append(service).append('=').append(state);
            }
        }
        return pending.toString();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalStackException("interrupted while waiting for LocalStack", e);
        }
    }
}
