package dev.readaloud.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.readaloud.render.ConfigurationException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AwsClientsTest {

    @Test
    void apiKeyFrom_acceptsThePlainKeyOrAJsonObjectWithApiKey() {
        assertThat(AwsClients.apiKeyFrom("rp_abc123")).isEqualTo("rp_abc123");
        assertThat(AwsClients.apiKeyFrom("{\"apiKey\":\"rp_abc123\"}")).isEqualTo("rp_abc123");
    }

    @Test
    void apiKeyFrom_jsonWithoutApiKey_failsWithoutEchoingTheSecret() {
        assertThatThrownBy(() -> AwsClients.apiKeyFrom("{\"key\":\"rp_secret_value\"}"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("\"apiKey\"")
                .hasMessageNotContaining("rp_secret_value");
    }

    /**
     * SnapStart's environment: no AWS_ACCESS_KEY_ID, only the container credentials endpoint. The
     * production clients, in a JVM of their own with exactly that environment, must sign with the
     * credentials the endpoint hands out (the embedded S3 accepts no other key pair).
     */
    @Test
    void productionClients_signWithTheContainerCredentialsEndpointsKeys(@TempDir Path home) throws Exception {
        List<String> tokensSeen = new CopyOnWriteArrayList<>();
        HttpServer credentials = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
        try (TestS3 s3 = TestS3.startForSessionCredentials("ASIACONTAINERKEY", "container-secret-key")) {
            credentials.createContext("/2015-03-31/credentials", exchange -> {
                try (exchange) {
                    tokensSeen.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
                    byte[] body = ("{\"AccessKeyId\":\"ASIACONTAINERKEY\",\"SecretAccessKey\":\"container-secret-key\","
                            + "\"Token\":\"session-token\",\"Expiration\":\""
                            + Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS) + "\"}")
                            .getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().set("Content-Type", "application/json");
                    exchange.sendResponseHeaders(200, body.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(body);
                    }
                }
            });
            credentials.start();
            s3.createBucket("snapstart-bucket");

            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            ProcessBuilder probe = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    ProductionClientsProbe.class.getName(), "snapstart-bucket");
            Map<String, String> env = probe.environment();
            env.keySet().removeIf(name -> name.startsWith("AWS_"));
            env.put("HOME", home.toString());
            env.put("AWS_REGION", "us-east-1");
            env.put("AWS_ENDPOINT_URL", s3.endpoint().toString());
            env.put("AWS_CONTAINER_CREDENTIALS_FULL_URI",
                    "http://127.0.0.1:" + credentials.getAddress().getPort() + "/2015-03-31/credentials");
            env.put("AWS_CONTAINER_AUTHORIZATION_TOKEN", "container-auth-token");
            Path output = home.resolve("probe.out");
            probe.redirectErrorStream(true).redirectOutput(output.toFile());
            Process process = probe.start();

            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the probe finished").isTrue();
            assertThat(Files.readString(output)).as("probe output").endsWith("ok\n");
            assertThat(process.exitValue()).isZero();
            assertThat(tokensSeen).isNotEmpty()
                    .allSatisfy(token -> assertThat(token).isEqualTo("container-auth-token"));
        } finally {
            credentials.stop(0);
        }
    }
}
